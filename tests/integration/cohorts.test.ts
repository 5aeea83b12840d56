/**
 * Cohorts on a real libSQL database: CSV import of good, bad and mixed files (Kazakh names,
 * BOM, `;` and `,`, duplicates, 10,000 rows), invitations, join codes, application windows,
 * decisions and the audit log.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, cohortMembers, enrollments, passwordResetTokens, users } from '../../db/schema.ts';
import { listAudit, recordAudit } from '../../src/lib/admin/audit.server.ts';
import { createUser } from '../../src/lib/auth/user.server.ts';
import { isPasswordResetTokenValid } from '../../src/lib/auth/password-reset.server.ts';
import { canManageCohort, countMembers, createCohort, decideApplication, importTrainees, joinCohort, listMembers, type Cohort } from '../../src/lib/cohorts/cohorts.server.ts';
import { parseTraineeCsv } from '../../src/lib/cohorts/csv-import.ts';
import { startCohort } from '../../src/lib/cohorts/actions.server.ts';
import { applicationWindow } from '../../src/lib/cohorts/window.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

let t: TestDatabase;
let trainerId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  trainerId = (await createUser(t.db, { name: 'Trainer', email: 'trainer@cohort.test', password: 'x'.repeat(12), locale: 'ru', region: null, organisation: null, role: 'trainer' }))!.id;
});
afterAll(async () => {
  await t.cleanup();
});

async function newCohort(extra: Record<string, string> = {}): Promise<Cohort> {
  const result = await createCohort(t.db, { name: 'Алматы, көктем 2026', course: 'urbanism', startsOn: '2026-03-01', endsOn: '2026-05-31', applicationsOpenOn: '', applicationsCloseOn: '', ...extra }, trainerId);
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result.cohort;
}

describe('reading trainee CSV files', () => {
  test('a good file with a BOM, `;` separators, a header row and Kazakh names', () => {
    const csv = '\uFEFFАты-жөні;Электрондық пошта;Тіл\r\nӘлия Нұрланова;aliya@example.kz;kk\r\nҰлан Серікұлы;ULAN@example.kz;қазақша\r\nIvan Petrov;ivan@example.kz;ru\r\n';
    const { rows, errors } = parseTraineeCsv(csv, 'en');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, name: 'Әлия Нұрланова', email: 'aliya@example.kz', locale: 'kk' },
      { line: 3, name: 'Ұлан Серікұлы', email: 'ulan@example.kz', locale: 'kk' },
      { line: 4, name: 'Ivan Petrov', email: 'ivan@example.kz', locale: 'ru' },
    ]);
  });

  test('a comma file without a header takes name, email, language; the language defaults', () => {
    const { rows, errors } = parseTraineeCsv('"Нұрланова, Әлия",aliya@example.kz\nBolat Ospan,bolat@example.kz,en\n', 'kk');
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.name, r.locale])).toEqual([['Нұрланова, Әлия', 'kk'], ['Bolat Ospan', 'en']]);
  });

  test('a mixed file: each bad row is reported with its line and field, good rows kept', () => {
    const csv = 'name,email,language\nGood One,one@example.kz,en\n,nobody@example.kz,ru\nBad Mail,not-an-email,kk\nGood Two,two@example.kz,de\nDup,ONE@example.kz,en\nGood Three,three@example.kz,ru\n';
    const { rows, errors } = parseTraineeCsv(csv, 'en');
    expect(rows.map((r) => r.email)).toEqual(['one@example.kz', 'three@example.kz']);
    expect(errors).toEqual([
      expect.objectContaining({ line: 3, field: 'name', error: 'cohort.import.bad_name' }),
      expect.objectContaining({ line: 4, field: 'email', error: 'cohort.import.bad_email' }),
      expect.objectContaining({ line: 5, field: 'language', error: 'cohort.import.bad_language' }),
      expect.objectContaining({ line: 6, field: 'email', error: 'cohort.import.duplicate', value: 'one@example.kz (2)' }),
    ]);
  });

  test('an unreadable file is one clear error', () => {
    expect(parseTraineeCsv('name,email\n"unclosed,quote@example.kz\n', 'en').errors).toEqual([expect.objectContaining({ field: 'row', error: 'cohort.import.unreadable' })]);
  });
});

describe('importing into a cohort', () => {
  test('new trainees get an account without a usable password and a working invitation; existing ones are added', async () => {
    const existing = (await createUser(t.db, { name: 'Existing', email: 'existing@example.kz', password: 'y'.repeat(12), locale: 'en', region: null, organisation: null }))!;
    const cohort = await newCohort();
    const { rows } = parseTraineeCsv('Әлия Нұрланова,aliya.import@example.kz,kk\nExisting,existing@example.kz,en\n', 'en');
    const outcome = await importTrainees(t.db, cohort, rows);
    expect(outcome).toMatchObject({ created: 1, added: 1, unchanged: 0 });
    expect(outcome.invitations).toEqual([expect.objectContaining({ email: 'aliya.import@example.kz', name: 'Әлия Нұрланова', locale: 'kk' })]);
    expect(await isPasswordResetTokenValid(t.db, outcome.invitations[0]!.token)).toBe(true);
    const created = await t.db.select().from(users).where(eq(users.email, 'aliya.import@example.kz')).get();
    expect(created?.passwordHash.startsWith('$argon2')).toBe(false);
    const members = await listMembers(t.db, cohort.id);
    expect(members.map((m) => [m.email, m.state]).sort()).toEqual([['aliya.import@example.kz', 'member'], ['existing@example.kz', 'member']]);
    const enrolled = await t.db.select().from(enrollments).where(eq(enrollments.userId, existing.id));
    expect(enrolled.map((e) => e.course)).toEqual(['urbanism']);
    expect(await importTrainees(t.db, cohort, rows)).toMatchObject({ created: 0, added: 0, unchanged: 2 });
  });

  test('10,000 rows import completely, each row whole', async () => {
    const cohort = await newCohort();
    const lines = Array.from({ length: 10_000 }, (_, i) => `Тыңдаушы ${i};bulk${i}@example.kz;${['kk', 'ru', 'en'][i % 3]}`);
    const { rows, errors } = parseTraineeCsv(`name;email;language\n${lines.join('\n')}\n`, 'kk');
    expect(errors).toEqual([]);
    const started = Date.now();
    const outcome = await importTrainees(t.db, cohort, rows);
    console.log(`10,000-row import: ${Date.now() - started} ms`);
    expect(outcome.created).toBe(10_000);
    const count = async (table: typeof users | typeof cohortMembers | typeof passwordResetTokens, where = sql`1`) => Number((await t.db.select({ n: sql<number>`count(*)` }).from(table).where(where).get())?.n);
    expect(await count(cohortMembers, sql`cohort_id = ${cohort.id} and state = 'member'`)).toBe(10_000);
    expect(await count(users, sql`email like 'bulk%@example.kz'`)).toBe(10_000);
    expect(await count(passwordResetTokens, sql`user_id in (select id from users where email like 'bulk%')`)).toBe(10_000);
    // The cohort page lists them a page at a time, by name, and finds them in any case.
    const pageOf = async (offset: number, search?: string) => (await listMembers(t.db, cohort.id, { search, limit: 100, offset })).map((m) => m.email);
    const first = await pageOf(0);
    const second = await pageOf(100);
    expect(first).toHaveLength(100);
    expect(second).toHaveLength(100);
    expect(new Set([...first, ...second]).size).toBe(200);
    expect(await pageOf(9_950)).toHaveLength(50);
    // "Тыңдаушы 1234" and the names containing it: 1234 itself, and none longer (at most 9,999).
    expect(await pageOf(0, 'тЫҢдАУШЫ 1234')).toEqual(['bulk1234@example.kz']);
    expect(await countMembers(t.db, cohort.id, 'тыңдаушы 12')).toEqual({ member: 10_000, applied: 0, declined: 0, matching: 111 });
    expect((await countMembers(t.db, cohort.id)).matching).toBe(10_000);
  }, 120_000);
});

describe('joining and applying', () => {
  const now = new Date('2026-04-10T06:00:00Z');
  test('the application window follows Kazakhstan calendar days', () => {
    const window = { applicationsOpenOn: '2026-04-01', applicationsCloseOn: '2026-04-30' };
    expect(applicationWindow({ applicationsOpenOn: null, applicationsCloseOn: null }, now)).toBe('none');
    expect(applicationWindow(window, new Date('2026-03-31T18:59:00Z'))).toBe('not_yet');
    expect(applicationWindow(window, new Date('2026-03-31T19:00:00Z'))).toBe('open');
    expect(applicationWindow(window, new Date('2026-04-30T18:59:00Z'))).toBe('open');
    expect(applicationWindow(window, new Date('2026-04-30T19:00:00Z'))).toBe('closed');
  });

  test('without a window a trainee joins directly; with one they apply and a trainer decides', async () => {
    const learner = (await createUser(t.db, { name: 'Learner', email: 'joiner@example.kz', password: 'z'.repeat(12), locale: 'kk', region: null, organisation: null }))!;
    const direct = await newCohort();
    expect(await joinCohort(t.db, direct, learner.id, now)).toBe('member');
    expect(await joinCohort(t.db, direct, learner.id, now)).toBe('already');

    const windowed = await newCohort({ applicationsOpenOn: '2026-04-01', applicationsCloseOn: '2026-04-30' });
    expect(await joinCohort(t.db, windowed, learner.id, new Date('2026-03-20T06:00:00Z'))).toBe('not_yet');
    expect(await joinCohort(t.db, windowed, learner.id, new Date('2026-05-02T06:00:00Z'))).toBe('closed');
    expect(await joinCohort(t.db, windowed, learner.id, now)).toBe('applied');
    expect((await listMembers(t.db, windowed.id))[0]?.state).toBe('applied');
    expect(await decideApplication(t.db, windowed, learner.id, true, now)).toBe(true);
    expect(await decideApplication(t.db, windowed, learner.id, false, now)).toBe(false);
    expect((await listMembers(t.db, windowed.id))[0]?.state).toBe('member');

    const other = (await createUser(t.db, { name: 'Other', email: 'declined@example.kz', password: 'z'.repeat(12), locale: 'ru', region: null, organisation: null }))!;
    expect(await joinCohort(t.db, windowed, other.id, now)).toBe('applied');
    expect(await decideApplication(t.db, windowed, other.id, false, now)).toBe(true);
    expect((await t.db.select().from(enrollments).where(eq(enrollments.userId, other.id))).length).toBe(0);
    // Pending applications come first on the cohort page, then declined ones, then members.
    const third = (await createUser(t.db, { name: 'Aaron First', email: 'applicant@example.kz', password: 'z'.repeat(12), locale: 'en', region: null, organisation: null }))!;
    expect(await joinCohort(t.db, windowed, third.id, now)).toBe('applied');
    expect((await listMembers(t.db, windowed.id)).map((m) => m.state)).toEqual(['applied', 'declined', 'member']);
    expect(await countMembers(t.db, windowed.id)).toEqual({ member: 1, applied: 1, declined: 1, matching: 3 });
  });

  test('bad cohort input names the field', async () => {
    const result = await createCohort(t.db, { name: ' ', course: 'urbanism', startsOn: '2026-05-01', endsOn: '2026-04-01', applicationsOpenOn: '2026-13-01', applicationsCloseOn: '' }, trainerId);
    expect(result).toEqual({ ok: false, fields: { name: 'cohort.error.name', endsOn: 'cohort.error.ends_before_start', applicationsOpenOn: 'cohort.error.date' } });
  });

  test("a trainer manages only their own cohorts; an admin all of them", async () => {
    const cohort = await newCohort();
    expect(canManageCohort({ id: trainerId, role: 'trainer' }, cohort)).toBe(true);
    expect(canManageCohort({ id: 'someone-else', role: 'trainer' }, cohort)).toBe(false);
    expect(canManageCohort({ id: 'someone-else', role: 'admin' }, cohort)).toBe(true);
    expect(canManageCohort({ id: trainerId, role: 'learner' }, cohort)).toBe(false);
  });
});

describe('the audit log', () => {
  test('records who, what, when and from where, newest first, filterable', async () => {
    const at = new Date('2026-06-01T10:00:00Z');
    await recordAudit(t.db, { id: trainerId, email: 'trainer@cohort.test', ip: '10.0.0.7' }, 'cohort.import', 'cohort-1', { rows: 3 }, at);
    await recordAudit(t.db, { id: trainerId, email: 'trainer@cohort.test', ip: '10.0.0.7' }, 'cohort.accept', 'cohort-1', { userId: 'u' }, new Date(at.getTime() + 1000));
    const { rows, total } = await listAudit(t.db, { actorEmail: 'trainer@cohort.test', limit: 10, offset: 0 });
    expect(total).toBe(2);
    expect(rows.map((r) => [r.action, r.target, r.ip])).toEqual([['cohort.accept', 'cohort-1', '10.0.0.7'], ['cohort.import', 'cohort-1', '10.0.0.7']]);
    expect((await listAudit(t.db, { action: 'cohort.import', limit: 10, offset: 0 })).total).toBe(1);
    expect(Number((await t.db.select({ n: sql<number>`count(*)` }).from(auditLog).get())?.n)).toBe(2);
  });
});

describe('starting a cohort from the trainer workspace', () => {
  const actor = () => ({ id: trainerId, email: 'trainer@cohort.test', ip: '10.0.0.8' });
  const form = { name: 'Шымкент, күз 2026', course: 'urbanism', startsOn: '2026-09-01', endsOn: '2026-11-30', applicationsOpenOn: '', applicationsCloseOn: '' };
  const created = async () => (await listAudit(t.db, { action: 'cohort.create', limit: 10, offset: 0 })).rows;

  test('refuses a course the trainer does not run, and bad input, without an audit entry', async () => {
    expect(await startCohort(t.db, actor(), form, ['creative-industries'])).toEqual({ ok: false, fields: { course: 'admin.unknown_course' } });
    expect(await startCohort(t.db, actor(), { ...form, endsOn: '2026-08-01' }, ['urbanism'])).toEqual({ ok: false, fields: { endsOn: 'cohort.error.ends_before_start' } });
    expect(await created()).toEqual([]);
  });

  test('creates the cohort and records who created it, from where', async () => {
    const result = await startCohort(t.db, actor(), form, ['creative-industries', 'urbanism']);
    if (!result.ok) throw new Error(JSON.stringify(result.fields));
    expect(result.cohort).toMatchObject({ name: form.name, course: 'urbanism', startsOn: '2026-09-01', createdBy: trainerId });
    expect((await created()).map((r) => [r.actorEmail, r.target, r.ip, r.details])).toEqual([['trainer@cohort.test', result.cohort.id, '10.0.0.8', { course: 'urbanism', name: form.name }]]);
  });
});
