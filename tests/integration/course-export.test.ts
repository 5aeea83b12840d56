/**
 * The trainer's CSV exports against a real database: the trainee table streams every trainee
 * (pages of 500, no cap), in enrolment order, byte for byte what one `toCsv` of all rows
 * would give; every export is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollments, users } from '#db/schema.ts';
import { listAudit } from '#lib/audit/audit.server.ts';
import { courseContent } from '#lib/reports/course-counts.server.ts';
import { exportCourseTable } from '#lib/reports/course-export.server.ts';
import { toCsv } from '#lib/reports/csv.ts';
import { MAX_PAGE_SIZE } from '#lib/reports/trainees.ts';
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

const course = courseContent(learningCourse('export'));
const bytes = async (body: ReadableStream<Uint8Array> | string) =>
  typeof body === 'string'
    ? body
    : new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(body).arrayBuffer());

describe('exportCourseTable', () => {
  it('streams all trainees over several pages, in enrolment order, as toCsv would write them', async () => {
    const count = MAX_PAGE_SIZE * 2 + 37;
    const people = Array.from({ length: count }, (_, i) => ({
      id: `x${i}`,
      email: `x${i}@example.kz`,
      displayName: i === 3 ? '=HYPERLINK("x")' : `Trainee ${i}`,
      passwordHash: 'x',
      locale: 'ru' as const,
      region: i % 2 ? 'Almaty' : null,
      createdAt: new Date('2026-01-01'),
    }));
    for (let i = 0; i < count; i += 500) await t.db.insert(users).values(people.slice(i, i + 500));
    const enrolled = people.map((p, i) => ({
      userId: p.id,
      course: 'export',
      enrolledAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    }));
    for (let i = 0; i < count; i += 500) await t.db.insert(enrollments).values(enrolled.slice(i, i + 500));
    const trainer = await makeUser(t.db, 'trainer');

    const { filename, body } = await exportCourseTable(t.db, {
      actor: { id: trainer.id, email: trainer.email, ip: '192.0.2.1' },
      course,
      table: 'trainees',
    });
    expect(filename).toBe('export-trainees.csv');
    expect(body).toBeInstanceOf(ReadableStream);
    const text = await bytes(body);
    const expected = toCsv(
      [
        'Name',
        'E-mail',
        'Region',
        'Enrolled (Almaty, UTC+5)',
        'Last activity (Almaty, UTC+5)',
        'Lessons done',
        'Progress, %',
        'Completed (Almaty, UTC+5)',
        'Best score, %: Theory of change (toc-quiz)',
      ],
      people.map((p, i) => [p.displayName, p.email, p.region, enrolled[i]!.enrolledAt, null, 0, 0, null, null]),
    );
    expect(text).toBe(expected);
    expect(text.split('\r\n')).toHaveLength(count + 2);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(
      (await listAudit(t.db, { action: 'report.export', limit: 10, offset: 0 })).rows.map((r) => r.target),
    ).toContain('export/trainees');
  });

  it('keeps the filters of the page and writes funnel and quiz tables whole', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const actor = { id: trainer.id, email: trainer.email };
    const found = await bytes(
      (await exportCourseTable(t.db, { actor, course, table: 'trainees', filters: { search: 'Trainee 1036' } })).body,
    );
    expect(found.split('\r\n').slice(1, -1)).toEqual([expect.stringMatching(/^"Trainee 1036";"x1036@example.kz";/)]);
    const funnel = await exportCourseTable(t.db, { actor, course, table: 'funnel', cohortId: 'c1' });
    expect(funnel.filename).toBe('export-c1-funnel.csv');
    expect(await bytes(funnel.body)).toMatch(
      /^\uFEFF"Lesson \(id\)";"Lesson";"Trainees who marked it done"\r\n"first";;0\r\n"second";;0\r\n$/,
    );
    expect(await bytes((await exportCourseTable(t.db, { actor, course, table: 'quizzes' })).body)).toMatch(
      /^\uFEFF"Quiz \(id\)";"Quiz";"Trainees who tried it";"Attempts"/,
    );
  });
});
