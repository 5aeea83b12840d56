/**
 * The programme report against a real migrated database: events on both sides of Almaty
 * month boundaries (UTC+5: 19:00 UTC on the last day of a month is 00:00 of the next in
 * Almaty), regions (one trainee without), a replaced and a revoked certificate, a course the
 * report does not cover. Expected numbers are worked out by hand in the comments.
 *
 *   user  region   course     enrolled (UTC)         Almaty month  completed (UTC)        Almaty month
 *   p1    Almaty   se         2026-01-31 18:59       2026-01
 *   p2    Almaty   se         2026-01-31 19:00       2026-02
 *   p3    Astana   se         2026-02-10 09:00       2026-02       2026-02-28 19:30       2026-03
 *   p4    -        se         2026-02-11 09:00       2026-02       2026-02-20 09:00       2026-02
 *   p1    Almaty   urb        2026-03-05 09:00       2026-03       2026-03-31 19:00       2026-04
 *   p2    Almaty   retired    2026-02-01 09:00       (not covered)
 *
 * Certificates: p3 se first issued 2026-02-28 19:40 UTC (Almaty 2026-03), replaced on
 * 2026-04-10 after a name correction: counted once, in 2026-03. p4 se: revoked, not counted.
 * p1 urb: issued 2026-03-31 19:05 UTC, Almaty 2026-04. p2 retired: not covered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificates, enrollments, users } from '#db/schema.ts';
import { programmeCourseReport, programmeReport } from '#lib/reports/programme.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const courseFields = { se: 'social-entrepreneurship', urb: 'urbanism', empty: 'creative-industries' };
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const person = (id: string, region: string | null) => ({
    id,
    email: `${id}@example.kz`,
    displayName: id,
    passwordHash: 'x',
    locale: 'ru' as const,
    region,
    createdAt: new Date('2026-01-01'),
  });
  await db.db
    .insert(users)
    .values([person('p1', 'Almaty'), person('p2', 'Almaty'), person('p3', 'Astana'), person('p4', null)]);
  const enrol = (userId: string, course: string, enrolledAt: string, completedAt: string | null = null) => ({
    userId,
    course,
    enrolledAt: new Date(enrolledAt),
    completedAt: completedAt ? new Date(completedAt) : null,
    lastActivityAt: new Date(enrolledAt),
  });
  await db.db
    .insert(enrollments)
    .values([
      enrol('p1', 'se', '2026-01-31T18:59:00Z'),
      enrol('p2', 'se', '2026-01-31T19:00:00Z'),
      enrol('p3', 'se', '2026-02-10T09:00:00Z', '2026-02-28T19:30:00Z'),
      enrol('p4', 'se', '2026-02-11T09:00:00Z', '2026-02-20T09:00:00Z'),
      enrol('p1', 'urb', '2026-03-05T09:00:00Z', '2026-03-31T19:00:00Z'),
      enrol('p2', 'retired', '2026-02-01T09:00:00Z'),
    ]);
  const cert = (
    code: string,
    userId: string,
    course: string,
    issuedAt: string,
    extra: Partial<typeof certificates.$inferInsert> = {},
  ) => ({
    code,
    userId,
    course,
    locale: 'ru' as const,
    holderName: userId,
    courseTitle: course,
    hours: 4,
    issuedAt: new Date(issuedAt),
    issuerName: 'Oqu',
    signatoryName: 'S',
    signatoryTitle: 'T',
    credential: 'test',
    ...extra,
  });
  await db.db
    .insert(certificates)
    .values([
      cert('PPPP-PPPP-PPP1', 'p3', 'se', '2026-02-28T19:40:00Z', { replacedBy: 'PPPP-PPPP-PPP2' }),
      cert('PPPP-PPPP-PPP2', 'p3', 'se', '2026-04-10T09:00:00Z'),
      cert('PPPP-PPPP-PPP3', 'p4', 'se', '2026-02-20T10:00:00Z', { revokedAt: new Date('2026-03-01T00:00:00Z') }),
      cert('PPPP-PPPP-PPP4', 'p1', 'urb', '2026-03-31T19:05:00Z'),
      cert('PPPP-PPPP-PPP5', 'p2', 'retired', '2026-02-02T09:00:00Z'),
    ]);
});
afterAll(async () => {
  await db?.cleanup();
});

const row = (
  course: string,
  region: string | null,
  month: string,
  enrolments: number,
  completions: number,
  certs: number,
) => ({
  course,
  field: courseFields[course as keyof typeof courseFields],
  region,
  month,
  enrolments,
  completions,
  certificates: certs,
});

describe('programmeReport', () => {
  it('groups by course, field, region and Almaty month, with totals', async () => {
    const report = await programmeReport(db.db, { courseFields });
    expect(report.rows).toEqual([
      row('se', 'Almaty', '2026-01', 1, 0, 0), // p1, one minute before midnight in Almaty
      row('se', null, '2026-02', 1, 1, 0), // p4 enrolled and completed; the certificate is revoked
      row('se', 'Almaty', '2026-02', 1, 0, 0), // p2, at midnight in Almaty
      row('se', 'Astana', '2026-02', 1, 0, 0), // p3 enrolled
      row('se', 'Astana', '2026-03', 0, 1, 1), // p3 completed and first certified on 1 March, Almaty time
      row('urb', 'Almaty', '2026-03', 1, 0, 0),
      row('urb', 'Almaty', '2026-04', 0, 1, 1), // completed at midnight, certified 5 minutes later
    ]);
    expect(report.totals).toEqual({ enrolments: 5, completions: 3, certificates: 2 });
  });

  it('counts events from `from` (inclusive) to `to` (exclusive), each by its own date', async () => {
    // February and March in Almaty: from 2026-01-31 19:00 UTC to 2026-03-31 19:00 UTC.
    const report = await programmeReport(db.db, { from: '2026-02', to: '2026-03', courseFields });
    expect(report.rows).toEqual([
      row('se', null, '2026-02', 1, 1, 0),
      row('se', 'Almaty', '2026-02', 1, 0, 0), // exactly at `from`: in
      row('se', 'Astana', '2026-02', 1, 0, 0),
      row('se', 'Astana', '2026-03', 0, 1, 1),
      row('urb', 'Almaty', '2026-03', 1, 0, 0), // its completion is exactly at `to`: out
    ]);
    expect(report.totals).toEqual({ enrolments: 4, completions: 2, certificates: 1 });
  });

  it('covers only the courses it is given', async () => {
    expect(await programmeReport(db.db, { courseFields: {} })).toEqual({
      rows: [],
      totals: { enrolments: 0, completions: 0, certificates: 0 },
    });
    const urbanOnly = await programmeReport(db.db, { courseFields: { urb: 'urbanism' } });
    expect(urbanOnly.totals).toEqual({ enrolments: 1, completions: 1, certificates: 1 });
  });
});

describe('programmeCourseReport', () => {
  it('groups by course only, listing covered courses with nothing to count', async () => {
    expect(await programmeCourseReport(db.db, { courseFields })).toEqual({
      rows: [
        { course: 'empty', field: 'creative-industries', enrolments: 0, completions: 0, certificates: 0 },
        { course: 'se', field: 'social-entrepreneurship', enrolments: 4, completions: 2, certificates: 1 },
        { course: 'urb', field: 'urbanism', enrolments: 1, completions: 1, certificates: 1 },
      ],
      totals: { enrolments: 5, completions: 3, certificates: 2 },
    });
  });

  it('applies the same period', async () => {
    // March only: urb enrolment (03-05); se: p3's completion and first certificate (both 1 March in Almaty).
    const march = await programmeCourseReport(db.db, { from: '2026-03', to: '2026-03', courseFields });
    expect(march.rows.map((r) => [r.course, r.enrolments, r.completions, r.certificates])).toEqual([
      ['empty', 0, 0, 0],
      ['se', 0, 1, 1],
      ['urb', 1, 0, 0],
    ]);
    expect(march.totals).toEqual({ enrolments: 1, completions: 1, certificates: 1 });
  });
});
