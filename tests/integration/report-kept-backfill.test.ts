/**
 * Migration 0028 on a database that already has sessions, marks and evidence (decision 050): the
 * kept attendance figures are filled from the stored marks, and every trainee with evidence is
 * left pending, so the report's first sync works their competencies out.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, expect, it } from 'vitest';
import { closeDatabase, createDatabase } from '#db/client.ts';
import { migrationsFolder } from '#db/migrate.ts';
import { programmeAttendance } from '#lib/reports/programme-attendance.server.ts';

const dir = mkdtempSync(join(tmpdir(), 'oqu-kept-backfill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations before 0028, as the release before it shipped them. */
function migrationsBefore(tag: string): string {
  const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const entries = journal.entries.slice(
    0,
    journal.entries.findIndex((e) => e.tag === tag),
  );
  const out = join(dir, 'migrations');
  mkdirSync(join(out, 'meta'), { recursive: true });
  for (const e of entries) copyFileSync(join(migrationsFolder(), `${e.tag}.sql`), join(out, `${e.tag}.sql`));
  writeFileSync(join(out, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return out;
}

it('fills the kept attendance from the stored marks and leaves trainees with evidence pending', async () => {
  const db = await createDatabase({ url: `file:${join(dir, 'oqu.db')}` });
  try {
    await migrate(db, { migrationsFolder: migrationsBefore('0028_report_kept_figures') });
    const run = (sql: string) => db.$client.execute(sql);
    const people: [string, string | null][] = [
      ['u1', 'Almaty'],
      ['u2', null],
      ['u3', 'Almaty'],
    ];
    for (const [id, region] of people)
      await db.$client.execute({
        sql: `INSERT INTO users (id, email, display_name, password_hash, role, locale, region, created_at)
          VALUES (?, ?, ?, 'x', 'learner', 'en', ?, 0)`,
        args: [id, `${id}@example.kz`, id, region],
      });
    // Two sessions of one course in March (Almaty time), one forum in April, one cancelled.
    const session = (id: string, course: string | null, startsAt: number, cancelled = false) =>
      db.$client.execute({
        sql: `INSERT INTO events (id, kind, title, description, starts_at, ends_at, capacity, audience, course,
          created_at, cancelled_at) VALUES (?, 'seminar', '{}', '{}', ?, ?, 10, 'everyone', ?, 0, ?)`,
        args: [id, startsAt, startsAt + 3600_000, course, cancelled ? startsAt : null],
      });
    await session('e1', 'urbanism', Date.parse('2026-03-10T05:00:00Z'));
    await session('e2', 'urbanism', Date.parse('2026-03-20T05:00:00Z'));
    await session('e3', null, Date.parse('2026-03-31T20:00:00Z')); // 1 April in Almaty
    await session('e4', 'urbanism', Date.parse('2026-03-12T05:00:00Z'), true);
    const mark = (event: string, user: string, attendance: string | null, status = 'signed_up') =>
      db.$client.execute({
        sql: `INSERT INTO event_signups (event_id, user_id, status, position, signed_up_at, updated_at, attendance)
          VALUES (?, ?, ?, 1, 0, 0, ?)`,
        args: [event, user, status, attendance],
      });
    await mark('e1', 'u1', 'present');
    await mark('e2', 'u1', 'present');
    await mark('e2', 'u3', 'present');
    await mark('e1', 'u2', 'absent');
    await mark('e3', 'u2', 'present');
    await mark('e3', 'u1', 'present');
    await mark('e4', 'u3', 'present');
    await mark('e1', 'u3', null, 'waiting');
    await run(`INSERT INTO competency_overrides (id, user_id, competency, state, comment, set_at)
      VALUES ('o1', 'u2', 'civic', 'demonstrated', 'Seen', 0)`);

    await migrate(db, { migrationsFolder: migrationsFolder() });
    const report = await programmeAttendance(db, { courseFields: { urbanism: 'urbanism' } });
    expect(report).toEqual({
      rows: [
        { field: 'urbanism', region: 'Almaty', month: '2026-03', people: 2, sessions: 2 },
        { field: '', region: null, month: '2026-04', people: 1, sessions: 1 },
        { field: '', region: 'Almaty', month: '2026-04', people: 1, sessions: 1 },
      ],
      people: 3,
    });
    expect((await programmeAttendance(db, { from: '2026-04', courseFields: {} })).people).toBe(2);
    const pending = await run('SELECT user_id FROM report_competency_pending ORDER BY user_id');
    expect(pending.rows.map((r) => r.user_id)).toEqual(['u2']);
  } finally {
    closeDatabase(db);
  }
});
