/**
 * The programme report's competencies demonstrated by field, region and Almaty month, against
 * a hand-computed fixture (real libSQL file, real quiz attempts and settings by hand):
 *
 *   courses: urban-course (urbanism): questions capital, sdg → civic; term → maps
 *            social-course (social-entrepreneurship): capital → pitch
 *   framework: city (a group), civic and maps under it, pitch
 *
 *   user region     what                                             demonstrated (Almaty month)
 *   u1   Almaty     urban quiz perfect 2026-10-31 20:00 UTC          civic, maps 2026-11 (01:00 on 1 Nov there)
 *   u2   Almaty     urban quiz, term wrong (passed) 2026-11-10       civic 2026-11
 *                   social quiz perfect 2026-12-03                   pitch 2026-12
 *   u3   (none)     urban quiz all wrong 2026-11-05; maps set by     maps 2026-12 (by hand: urbanism,
 *                   hand "demonstrated" 2026-12-02                    the first course developing it)
 *   u4   Turkistan  urban quiz perfect 2026-09-15; civic set by      maps 2026-09 (civic overridden)
 *                   hand "developing" 2026-12-01
 *   u5   Almaty     nothing                                          -
 *
 * The group `city` is never counted (it summarises civic and maps).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '#db/schema.ts';
import { setCompetencyByHand } from '#lib/competencies/evidence.server.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { programmeCompetencyReport } from '#lib/reports/programme-competencies.server.ts';
import { perfectAnswers } from '../fixtures/quiz.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse } from './learning-course.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

function course(slug: string, field: string, tags: Record<string, string>) {
  const c = structuredClone(learningCourse(slug));
  c.data.field = field;
  for (const q of c.quizzes['toc-quiz']!.questions) if (tags[q.id]) q.competencies = [tags[q.id]!];
  return c;
}
const urban = course('urban-course', 'urbanism', { capital: 'civic', sdg: 'civic', term: 'maps' });
const social = course('social-course', 'social-entrepreneurship', { capital: 'pitch' });
const competencies = [{ id: 'city' }, { id: 'civic', parent: 'city' }, { id: 'maps', parent: 'city' }, { id: 'pitch' }];
const wrong = { capital: 'almaty', sdg: 'false', stakeholders: ['weather'], steps: ['outputs'], term: 'no' };

let n = 0;
async function attempt(userId: string, c: typeof urban, answers: object, at: string) {
  const done = await submitAttempt(t.db, {
    userId,
    course: c.slug,
    quizId: 'toc-quiz',
    quiz: c.quizzes['toc-quiz']!,
    answers,
    locale: 'en',
    idempotencyKey: `programme-competencies-${++n}-0000`,
    now: new Date(at),
  });
  expect(done).toMatchObject({ ok: true });
}
async function trainee(region: string | null) {
  const user = await makeUser(t.db);
  await t.db.update(users).set({ region }).where(eq(users.id, user.id));
  return user.id;
}

it('counts competencies demonstrated by field, region and month, as computed by hand', async () => {
  const trainer = await makeUser(t.db, 'trainer');
  const actor = { id: trainer.id, email: trainer.email, ip: '127.0.0.1' };
  const [u1, u2, u3, u4] = [
    await trainee('Almaty'),
    await trainee('Almaty'),
    await trainee(null),
    await trainee('Turkistan'),
  ];
  await trainee('Almaty');
  await attempt(u1, urban, perfectAnswers, '2026-10-31T20:00:00Z');
  await attempt(u2, urban, { ...perfectAnswers, term: 'impact' }, '2026-11-10T09:00:00Z');
  await attempt(u2, social, perfectAnswers, '2026-12-03T09:00:00Z');
  await attempt(u3, urban, wrong, '2026-11-05T09:00:00Z');
  const by = (userId: string, competency: string, state: 'demonstrated' | 'developing', at: string) =>
    setCompetencyByHand(t.db, actor, { userId, competency, state, comment: 'Seen at the seminar' }, new Date(at));
  await by(u3, 'maps', 'demonstrated', '2026-12-02T09:00:00Z');
  await attempt(u4, urban, perfectAnswers, '2026-09-15T09:00:00Z');
  await by(u4, 'civic', 'developing', '2026-12-01T09:00:00Z');

  const options = { courses: [urban, social], competencies };
  const period = await programmeCompetencyReport(t.db, { ...options, from: '2026-10', to: '2026-12' });
  expect(period.rows).toEqual([
    { field: 'social-entrepreneurship', region: 'Almaty', month: '2026-12', demonstrated: 1, trainees: 1 },
    { field: 'urbanism', region: null, month: '2026-12', demonstrated: 1, trainees: 1 },
    { field: 'urbanism', region: 'Almaty', month: '2026-11', demonstrated: 3, trainees: 2 },
  ]);
  expect(period.totals).toEqual({ demonstrated: 5, trainees: 3 });

  const all = await programmeCompetencyReport(t.db, options);
  expect(all.rows).toContainEqual({
    field: 'urbanism',
    region: 'Turkistan',
    month: '2026-09',
    demonstrated: 1,
    trainees: 1,
  });
  expect(all.rows).toHaveLength(4);
  expect(all.totals).toEqual({ demonstrated: 6, trainees: 4 });
  expect((await programmeCompetencyReport(t.db, { ...options, from: '2027-01' })).rows).toEqual([]);
});
