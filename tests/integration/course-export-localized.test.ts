/**
 * The trainer's CSV exports in the page's language (decision 022): headers from the
 * dictionaries, titles beside ids, rates as percentages with one decimal (written with the
 * decimal comma, "33,3"), times in Almaty with the zone in the header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol } from '#lib/progress/progress.server.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { courseContent } from '#lib/reports/course-counts.server.ts';
import { exportCourseTable, sharePercent } from '#lib/reports/course-export.server.ts';
import { sampleQuiz } from '../fixtures/quiz.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse } from './learning-course.ts';

let t: TestDatabase;
const course = courseContent(learningCourse('loc'));
const text = async (body: ReadableStream<Uint8Array> | string) =>
  typeof body === 'string' ? body : new TextDecoder().decode(await new Response(body).arrayBuffer());
const lines = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');
let actor: { id: string; email: string };

beforeAll(async () => {
  t = await createTestDatabase();
  const trainer = await makeUser(t.db, 'trainer');
  actor = { id: trainer.id, email: trainer.email };
  // Three trainees, each one attempt: one right and two wrong answers to `capital`; to the text
  // question `term`, the same wrong answer typed twice (in other cases and spaces) and a right one.
  const terms = ['Итог', ' итог ', 'результат'];
  for (const [i, capital] of ['astana', 'almaty', 'shymkent'].entries()) {
    const user = await makeUser(t.db, 'learner');
    await enrol(t.db, user.id, 'loc', new Date('2026-03-01T19:30:00Z'));
    const result = await submitAttempt(t.db, {
      userId: user.id,
      course: 'loc',
      quizId: 'toc-quiz',
      quiz: sampleQuiz,
      answers: { capital, term: terms[i]! },
      locale: 'ru',
      idempotencyKey: `loc-key-${i}-0000000000`,
      now: new Date('2026-03-02T10:00:00Z'),
    });
    if (!result.ok) throw new Error(result.error);
  }
});
afterAll(async () => {
  await t?.cleanup();
});

describe('localized course exports', () => {
  it('rounds a share to a percentage with one decimal', () => {
    expect([sharePercent(2 / 3), sharePercent(1 / 3), sharePercent(1), sharePercent(null)]).toEqual([
      66.7,
      33.3,
      100,
      null,
    ]);
  });

  it('writes Russian headers, titles beside ids, "33,3" and Almaty times', async () => {
    const lessonTitles = { first: 'Первый урок', second: 'Второй урок' };
    const funnel = lines(
      await text((await exportCourseTable(t.db, { actor, course, table: 'funnel', locale: 'ru', lessonTitles })).body),
    );
    expect(funnel[0]).toBe('"Урок (id)";"Урок";"Слушателей отметили пройденным"');
    expect(funnel[1]).toBe('"first";"Первый урок";0');

    const quizzes = lines(
      await text((await exportCourseTable(t.db, { actor, course, table: 'quizzes', locale: 'ru' })).body),
    );
    expect(quizzes[0]).toMatch(/^"Тест \(id\)";"Тест";"Слушателей пробовали";"Попыток";"Сдали, % слушателей";/);
    const capital = quizzes.find((l) => l.includes('"capital"'))!;
    expect(capital).toContain('"toc-quiz";"Theory of change (ru)";3;3;');
    expect(capital).toMatch(/"capital";"[^"]*";3;33,3;"almaty";"Almaty \(ru\)";1;$/);
    // A text question: the wrong typed answers the dashboard shows, normalised, with counts of attempts.
    expect(quizzes[0]).toMatch(/;"Выбран в попытках";"Частые неверные введённые ответы \(попыток\)"$/);
    const term = quizzes.find((l) => l.includes('"term"'))!;
    expect(term).toMatch(/"term";"[^"]*";3;33,3;;;;"«итог» \(2\)"$/);

    const trainees = lines(
      await text((await exportCourseTable(t.db, { actor, course, table: 'trainees', locale: 'kk' })).body),
    );
    expect(trainees[0]).toContain('"Жазылған уақыты (Алматы, UTC+5)";"Соңғы белсенділік (Алматы, UTC+5)"');
    expect(trainees[0]).toContain('"Ең жақсы нәтиже, %: Theory of change (kk) (toc-quiz)"');
    // 19:30 UTC on 1 March is 00:30 on 2 March in Almaty; 10:00 UTC is 15:00.
    expect(trainees[1]).toContain(';2026-03-02 00:30;2026-03-02 15:00;');
  });
});
