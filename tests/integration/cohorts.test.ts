/**
 * Cohorts on a real libSQL database: CSV import of good, bad and mixed files (Kazakh names,
 * BOM, `;` and `,`, duplicates, 10,000 rows), invitations that people accept or decline,
 * the hourly import allowance, resending, join codes, application windows, decisions (a
 * declined application is final), rights that follow the course assignment, and the audit log.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, cohortInvitations, courseTrainers, enrollments, passwordResetTokens, users } from '#db/schema.ts';
import { listAudit, recordAudit } from '#lib/audit/audit.server.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { isPasswordResetTokenValid } from '#lib/auth/password-reset.server.ts';
import {
  canManageCohort,
  countMembers,
  createCohort,
  decideApplication,
  joinCohort,
  listCohorts,
  listMembers,
  type Cohort,
} from '#lib/cohorts/cohorts.server.ts';
import {
  answerInvitation,
  countOpenInvitations,
  listOpenInvitations,
  listPendingInvitations,
} from '#lib/cohorts/consent.server.ts';
import {
  consumeImportQuota,
  IMPORT_ROWS_PER_HOUR,
  inviteTrainees,
  resendInvitation,
} from '#lib/cohorts/import.server.ts';
import { composeInvitation, sendInvitations } from '#lib/cohorts/invitations.server.ts';
import { dashboardScope, manageableCohort } from '#lib/cohorts/scope.server.ts';
import { createMailer } from '#lib/mail/mailer.server.ts';
import { parseTraineeCsv, parseTraineeCsvInSlices } from '#lib/cohorts/csv-import.ts';
import { startCohort } from '#lib/cohorts/actions.server.ts';
import { applicationWindow } from '#lib/cohorts/window.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let trainerId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  trainerId = (await createUser(t.db, {
    name: 'Trainer',
    email: 'trainer@cohort.test',
    password: 'x'.repeat(12),
    locale: 'ru',
    region: null,
    organisation: null,
    role: 'trainer',
  }))!.id;
});
afterAll(async () => {
  await t.cleanup();
});

async function newCohort(extra: Record<string, string> = {}): Promise<Cohort> {
  const result = await createCohort(
    t.db,
    {
      name: 'Алматы, көктем 2026',
      course: 'urbanism',
      startsOn: '2026-03-01',
      endsOn: '2026-05-31',
      applicationsOpenOn: '',
      applicationsCloseOn: '',
      ...extra,
    },
    trainerId,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result.cohort;
}

describe('reading trainee CSV files', () => {
  test('a good file with a BOM, `;` separators, a header row and Kazakh names', () => {
    const csv =
      '\uFEFFАты-жөні;Электрондық пошта;Тіл\r\nӘлия Нұрланова;aliya@example.kz;kk\r\nҰлан ' +
      'Серікұлы;ULAN@example.kz;қазақша\r\nIvan Petrov;ivan@example.kz;ru\r\n';
    const { rows, errors } = parseTraineeCsv(csv, 'en');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, name: 'Әлия Нұрланова', email: 'aliya@example.kz', locale: 'kk' },
      { line: 3, name: 'Ұлан Серікұлы', email: 'ulan@example.kz', locale: 'kk' },
      { line: 4, name: 'Ivan Petrov', email: 'ivan@example.kz', locale: 'ru' },
    ]);
  });

  test('a comma file without a header takes name, email, language; the language defaults', () => {
    const { rows, errors } = parseTraineeCsv(
      '"Нұрланова, Әлия",aliya@example.kz\nBolat Ospan,bolat@example.kz,en\n',
      'kk',
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.name, r.locale])).toEqual([
      ['Нұрланова, Әлия', 'kk'],
      ['Bolat Ospan', 'en'],
    ]);
  });

  test('a mixed file: each bad row is reported with its line and field, good rows kept', () => {
    const csv =
      'name,email,language\nGood One,one@example.kz,en\n,nobody@example.kz,ru\nBad Mail,not-an-email,kk\nGood ' +
      'Two,two@example.kz,de\nDup,ONE@example.kz,en\nGood Three,three@example.kz,ru\n';
    const { rows, errors } = parseTraineeCsv(csv, 'en');
    expect(rows.map((r) => r.email)).toEqual(['one@example.kz', 'three@example.kz']);
    expect(errors).toEqual([
      expect.objectContaining({ line: 3, field: 'name', error: 'cohort.import.bad_name' }),
      expect.objectContaining({ line: 4, field: 'email', error: 'cohort.import.bad_email' }),
      expect.objectContaining({ line: 5, field: 'language', error: 'cohort.import.bad_language' }),
      expect.objectContaining({
        line: 6,
        field: 'email',
        error: 'cohort.import.duplicate',
        value: 'one@example.kz (2)',
      }),
    ]);
  });

  test('reading in slices (as the server does, letting other requests run) gives the same rows, errors', async () => {
    const lines = Array.from(
      { length: 20_001 },
      (_, i) => `Тыңдаушы ${i};slice${i}@example.kz;${['kk', 'ru', 'en'][i % 3]}`,
    );
    for (const csv of [
      `name;email;language\n${lines.join('\n')}\n`,
      `name;email\nA;a@example.kz\nB;bad\nC;A@example.kz\n`,
      'name,email\n"unclosed,quote@example.kz\n',
      '',
    ]) {
      const pauses: number[] = [];
      const sliced = await parseTraineeCsvInSlices(csv, 'en', async () => void pauses.push(1));
      expect(sliced).toEqual(parseTraineeCsv(csv, 'en'));
      if (csv.length > 100_000) expect(pauses.length).toBeGreaterThan(20);
    }
    expect(parseTraineeCsv(`name;email;language\n${lines.join('\n')}\n`, 'en').errors).toEqual([
      expect.objectContaining({ line: 20_002, error: 'cohort.import.too_many' }),
    ]);
  });

  test('an unreadable file is one clear error', () => {
    expect(parseTraineeCsv('name,email\n"unclosed,quote@example.kz\n', 'en').errors).toEqual([
      expect.objectContaining({ field: 'row', error: 'cohort.import.unreadable' }),
    ]);
  });
});

const importTrainees = (cohort: Cohort, rows: Parameters<typeof inviteTrainees>[2], now?: Date) =>
  inviteTrainees(t.db, cohort, rows, trainerId, now);
const mailContext = { baseUrl: 'https://oqu.example.kz', siteName: () => 'Oqu', courseTitle: () => 'Urbanism' };

describe('importing into a cohort invites; nobody joins without consent', () => {
  test('new and existing addresses get the same report, the same list entry, and nobody becomes a member', async () => {
    const existing = (await createUser(t.db, {
      name: 'Existing Person',
      email: 'existing@example.kz',
      password: 'y'.repeat(12),
      locale: 'en',
      region: null,
      organisation: null,
    }))!;
    const admin = (await createUser(t.db, {
      name: 'Site Admin',
      email: 'admin.invited@example.kz',
      password: 'y'.repeat(12),
      locale: 'ru',
      region: null,
      organisation: null,
      role: 'admin',
    }))!;
    const cohort = await newCohort();
    const { rows } = parseTraineeCsv(
      'Әлия Нұрланова,aliya.import@example.kz,kk\nChosen By ' +
        'Trainer,existing@example.kz,en\nBoss,admin.invited@example.kz,en\n',
      'en',
    );
    const outcome = await importTrainees(cohort, rows);
    expect(outcome).toMatchObject({ invited: 3, unchanged: 0 });
    // The report has no "created" or "added": the same count whether or not an account existed.
    expect(Object.keys(outcome).sort()).toEqual(['invitations', 'invited', 'unchanged']);
    // Only the new account gets a set-password link; the existing ones a link to answer.
    expect(outcome.invitations.map((i) => [i.email, Boolean(i.token)])).toEqual([
      ['aliya.import@example.kz', true],
      ['existing@example.kz', false],
      ['admin.invited@example.kz', false],
    ]);
    expect(await isPasswordResetTokenValid(t.db, outcome.invitations[0]!.token)).toBe(true);
    const created = await t.db.select().from(users).where(eq(users.email, 'aliya.import@example.kz')).get();
    expect(created?.passwordHash.startsWith('$argon2')).toBe(false);
    // Nobody is a member or enrolled; the trainer's lists show addresses and "pending" only.
    expect(await listMembers(t.db, cohort.id)).toEqual([]);
    expect(await t.db.select().from(enrollments).where(eq(enrollments.userId, existing.id))).toEqual([]);
    const listed = await listOpenInvitations(t.db, cohort.id, { limit: 10, offset: 0 });
    expect(listed.map((i) => Object.keys(i).sort())).toEqual([
      ['email', 'sentAt', 'state'],
      ['email', 'sentAt', 'state'],
      ['email', 'sentAt', 'state'],
    ]);
    expect(listed.map((i) => [i.email, i.state])).toEqual([
      ['admin.invited@example.kz', 'pending'],
      ['aliya.import@example.kz', 'pending'],
      ['existing@example.kz', 'pending'],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/Existing Person|Site Admin/);
    expect(await countOpenInvitations(t.db, cohort.id)).toEqual({ pending: 3, declined: 0 });
    // The trainer's name for an existing account changes nothing.
    expect((await t.db.select().from(users).where(eq(users.id, existing.id)).get())?.displayName).toBe(
      'Existing Person',
    );
    // Importing again sends nothing more.
    expect(await importTrainees(cohort, rows)).toMatchObject({ invited: 0, unchanged: 3, invitations: [] });

    // The admin declines; the existing learner accepts and only then is a member and enrolled.
    expect((await listPendingInvitations(t.db, admin.id)).map((i) => i.cohortId)).toEqual([cohort.id]);
    expect(await answerInvitation(t.db, admin.id, cohort.id, false, { hidden: [], archived: [] })).toBe('declined');
    expect(await answerInvitation(t.db, admin.id, cohort.id, true, { hidden: [], archived: [] })).toBe('gone');
    expect(await answerInvitation(t.db, existing.id, cohort.id, true, { hidden: [], archived: [] })).toBe('accepted');
    expect((await listMembers(t.db, cohort.id)).map((m) => [m.name, m.state])).toEqual([['Existing Person', 'member']]);
    expect(
      (await t.db.select().from(enrollments).where(eq(enrollments.userId, existing.id))).map((e) => e.course),
    ).toEqual(['urbanism']);
    expect(await countOpenInvitations(t.db, cohort.id)).toEqual({ pending: 1, declined: 1 });
    expect(await t.db.select().from(enrollments).where(eq(enrollments.userId, admin.id))).toEqual([]);
    // Someone else cannot answer another person's invitation.
    expect(await answerInvitation(t.db, existing.id, 'no-such-cohort', true, { hidden: [], archived: [] })).toBe(
      'gone',
    );
  });

  test('the invitation e-mail greets neutrally and never uses the name the trainer typed', async () => {
    const cohort = await newCohort();
    const { rows } = parseTraineeCsv('Mr Invented Name,fresh.mail@example.kz,ru\n', 'en');
    const [invitation] = (await importTrainees(cohort, rows)).invitations;
    const mail = composeInvitation(invitation!, mailContext);
    expect(mail.text).not.toContain('Invented');
    expect(mail.html).not.toContain('Invented');
    expect(mail.text).toContain('Здравствуйте!');
    expect(mail.text).toContain('/ru/reset-password');
    const existing = composeInvitation({ email: 'x@example.kz', locale: 'kk', cohortName: cohort.name }, mailContext);
    expect(existing.text).toContain('https://oqu.example.kz/kk/account#invitations');
    expect(existing.text).not.toContain('reset-password');
  });

  test('without SMTP, invitations write one line to the log and no link', async () => {
    const cohort = await newCohort();
    const { rows } = parseTraineeCsv('A Person,log.one@example.kz,en\nB Person,log.two@example.kz,kk\n', 'en');
    const { invitations } = await importTrainees(cohort, rows);
    const lines: string[] = [];
    const logMailer = createMailer({ smtpUrl: '', log: (line) => lines.push(line) });
    await sendInvitations(invitations, mailContext, logMailer, (line) => lines.push(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/2 cohort invitation e-mail\(s\) were not sent/);
    expect(lines.join('\n')).not.toMatch(/reset-password|token=|[a-z2-7]{32}/);
    // The mailer itself never logs a body either.
    await logMailer.send(composeInvitation(invitations[0]!, mailContext));
    expect(lines[1]).toContain('To: log.one@example.kz');
    expect(lines[1]).not.toMatch(/reset-password|token=/);
  });

  test('a pending invitation can be sent again, not more often than every 10 minutes', async () => {
    const cohort = await newCohort();
    const at = new Date('2026-06-01T10:00:00Z');
    const { rows } = parseTraineeCsv('Resend Me,resend.me@example.kz,en\n', 'en');
    await importTrainees(cohort, rows, at);
    expect(await resendInvitation(t.db, cohort, 'resend.me@example.kz', new Date(at.getTime() + 60_000))).toEqual({
      kind: 'too-soon',
    });
    const again = await resendInvitation(t.db, cohort, 'RESEND.me@example.kz', new Date(at.getTime() + 11 * 60_000));
    expect(again.kind).toBe('sent');
    if (again.kind === 'sent')
      expect(await isPasswordResetTokenValid(t.db, again.invitation.token, new Date(at.getTime() + 12 * 60_000))).toBe(
        true,
      );
    expect(await resendInvitation(t.db, cohort, 'nobody@example.kz', new Date(at.getTime() + 30 * 60_000))).toEqual({
      kind: 'none',
    });
  });

  test('imports are limited to IMPORT_ROWS_PER_HOUR rows per person per hour', async () => {
    const at = new Date('2026-07-01T10:00:00Z');
    expect(await consumeImportQuota(t.db, 'quota-trainer', IMPORT_ROWS_PER_HOUR - 5, at)).toEqual({ allowed: true });
    expect(await consumeImportQuota(t.db, 'quota-trainer', 10, new Date(at.getTime() + 60_000))).toEqual({
      allowed: false,
      retryAfterMinutes: 59,
    });
    // A refused import is not counted: a smaller one still fits.
    expect(await consumeImportQuota(t.db, 'quota-trainer', 5, new Date(at.getTime() + 120_000))).toEqual({
      allowed: true,
    });
    expect(await consumeImportQuota(t.db, 'another-trainer', 100, at)).toEqual({ allowed: true });
    expect(await consumeImportQuota(t.db, 'quota-trainer', 10, new Date(at.getTime() + 3_600_001))).toEqual({
      allowed: true,
    });
  });

  test('10,000 rows import completely, each row whole', async () => {
    const cohort = await newCohort();
    const lines = Array.from(
      { length: 10_000 },
      (_, i) => `Тыңдаушы ${i};bulk${i}@example.kz;${['kk', 'ru', 'en'][i % 3]}`,
    );
    const { rows, errors } = parseTraineeCsv(`name;email;language\n${lines.join('\n')}\n`, 'kk');
    expect(errors).toEqual([]);
    const started = Date.now();
    const outcome = await importTrainees(cohort, rows);
    console.log(`10,000-row import: ${Date.now() - started} ms`);
    expect(outcome.invited).toBe(10_000);
    const count = async (table: typeof users | typeof cohortInvitations | typeof passwordResetTokens, where = sql`1`) =>
      Number(
        (
          await t.db
            .select({ n: sql<number>`count(*)` })
            .from(table)
            .where(where)
            .get()
        )?.n,
      );
    expect(await count(cohortInvitations, sql`cohort_id = ${cohort.id} and state = 'pending'`)).toBe(10_000);
    expect(await count(users, sql`email like 'bulk%@example.kz'`)).toBe(10_000);
    expect(await count(passwordResetTokens, sql`user_id in (select id from users where email like 'bulk%')`)).toBe(
      10_000,
    );
    // They accept one by one; the cohort page lists members a page at a time, by name, in any case.
    // (One through answerInvitation, the rest at once in SQL to keep the test quick.)
    const [one] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'bulk0@example.kz'));
    expect(await answerInvitation(t.db, one!.id, cohort.id, true, { hidden: [], archived: [] })).toBe('accepted');
    await t.db.run(
      sql`insert into cohort_members (cohort_id, user_id, state, joined_at) select cohort_id, user_id, 'member',
        invited_at from cohort_invitations where cohort_id = ${cohort.id} and state = 'pending'`,
    );
    const pageOf = async (offset: number, search?: string) =>
      (await listMembers(t.db, cohort.id, { search, limit: 100, offset })).map((m) => m.email);
    const first = await pageOf(0);
    const second = await pageOf(100);
    expect(first).toHaveLength(100);
    expect(second).toHaveLength(100);
    expect(new Set([...first, ...second]).size).toBe(200);
    expect(await pageOf(9_950)).toHaveLength(50);
    // "Тыңдаушы 1234" and the names containing it: 1234 itself, and none longer (at most 9,999).
    expect(await pageOf(0, 'тЫҢдАУШЫ 1234')).toEqual(['bulk1234@example.kz']);
    expect(await countMembers(t.db, cohort.id, 'тыңдаушы 12')).toEqual({
      member: 10_000,
      applied: 0,
      declined: 0,
      matching: 111,
    });
    expect((await countMembers(t.db, cohort.id)).matching).toBe(10_000);
  }, 180_000);
});

describe('cohort rights follow the course assignment', () => {
  test('a trainer unassigned after creating the cohort no longer runs it; reassigned, they do again', async () => {
    const trainer = (await createUser(t.db, {
      name: 'Assigned Trainer',
      email: 'assigned@cohort.test',
      password: 'x'.repeat(12),
      locale: 'en',
      region: null,
      organisation: null,
      role: 'trainer',
    }))!;
    const viewer = { id: trainer.id, role: 'trainer' };
    await t.db.insert(courseTrainers).values({ userId: trainer.id, course: 'urbanism', assignedAt: new Date() });
    const result = await createCohort(
      t.db,
      {
        name: 'Assigned cohort',
        course: 'urbanism',
        startsOn: '',
        endsOn: '',
        applicationsOpenOn: '',
        applicationsCloseOn: '',
      },
      trainer.id,
    );
    if (!result.ok) throw new Error('no cohort');
    const cohort = result.cohort;
    expect((await manageableCohort(t.db, viewer, cohort.id)).state).toBe('allowed');
    expect((await listCohorts(t.db, viewer)).map((r) => r.cohort.id)).toEqual([cohort.id]);
    expect((await dashboardScope(t.db, viewer, 'urbanism', ['urbanism'], cohort.id)).state).toBe('allowed');

    await t.db.delete(courseTrainers).where(eq(courseTrainers.userId, trainer.id));
    expect(canManageCohort(viewer, cohort, [])).toBe(false);
    expect((await manageableCohort(t.db, viewer, cohort.id)).state).toBe('forbidden');
    expect(await listCohorts(t.db, viewer)).toEqual([]);
    expect((await dashboardScope(t.db, viewer, 'urbanism', ['urbanism'], cohort.id)).state).toBe('forbidden');
    expect((await manageableCohort(t.db, { id: 'any-admin', role: 'admin' }, cohort.id)).state).toBe('allowed');
    expect((await manageableCohort(t.db, viewer, 'no-such-cohort')).state).toBe('not-found');

    await t.db.insert(courseTrainers).values({ userId: trainer.id, course: 'urbanism', assignedAt: new Date() });
    expect((await manageableCohort(t.db, viewer, cohort.id)).state).toBe('allowed');
  });
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
    const learner = (await createUser(t.db, {
      name: 'Learner',
      email: 'joiner@example.kz',
      password: 'z'.repeat(12),
      locale: 'kk',
      region: null,
      organisation: null,
    }))!;
    const direct = await newCohort();
    expect(await joinCohort(t.db, direct, learner.id, { hidden: [], archived: [] }, now)).toBe('member');
    expect(await joinCohort(t.db, direct, learner.id, { hidden: [], archived: [] }, now)).toBe('already');

    const windowed = await newCohort({ applicationsOpenOn: '2026-04-01', applicationsCloseOn: '2026-04-30' });
    expect(
      await joinCohort(t.db, windowed, learner.id, { hidden: [], archived: [] }, new Date('2026-03-20T06:00:00Z')),
    ).toBe('not_yet');
    expect(
      await joinCohort(t.db, windowed, learner.id, { hidden: [], archived: [] }, new Date('2026-05-02T06:00:00Z')),
    ).toBe('closed');
    expect(await joinCohort(t.db, windowed, learner.id, { hidden: [], archived: [] }, now)).toBe('applied');
    expect((await listMembers(t.db, windowed.id))[0]?.state).toBe('applied');
    expect(await decideApplication(t.db, windowed, learner.id, true, { hidden: [], archived: [] }, now)).toBe(true);
    expect(await decideApplication(t.db, windowed, learner.id, false, { hidden: [], archived: [] }, now)).toBe(false);
    expect((await listMembers(t.db, windowed.id))[0]?.state).toBe('member');

    const other = (await createUser(t.db, {
      name: 'Other',
      email: 'declined@example.kz',
      password: 'z'.repeat(12),
      locale: 'ru',
      region: null,
      organisation: null,
    }))!;
    expect(await joinCohort(t.db, windowed, other.id, { hidden: [], archived: [] }, now)).toBe('applied');
    expect(await decideApplication(t.db, windowed, other.id, false, { hidden: [], archived: [] }, now)).toBe(true);
    expect((await t.db.select().from(enrollments).where(eq(enrollments.userId, other.id))).length).toBe(0);
    // Pending applications come first on the cohort page, then declined ones, then members.
    const third = (await createUser(t.db, {
      name: 'Aaron First',
      email: 'applicant@example.kz',
      password: 'z'.repeat(12),
      locale: 'en',
      region: null,
      organisation: null,
    }))!;
    expect(await joinCohort(t.db, windowed, third.id, { hidden: [], archived: [] }, now)).toBe('applied');
    expect((await listMembers(t.db, windowed.id)).map((m) => m.state)).toEqual(['applied', 'declined', 'member']);
    expect(await countMembers(t.db, windowed.id)).toEqual({ member: 1, applied: 1, declined: 1, matching: 3 });
  });

  test('bad cohort input names the field', async () => {
    const result = await createCohort(
      t.db,
      {
        name: ' ',
        course: 'urbanism',
        startsOn: '2026-05-01',
        endsOn: '2026-04-01',
        applicationsOpenOn: '2026-13-01',
        applicationsCloseOn: '',
      },
      trainerId,
    );
    expect(result).toEqual({
      ok: false,
      fields: {
        name: 'cohort.error.name',
        endsOn: 'cohort.error.ends_before_start',
        applicationsOpenOn: 'cohort.error.date',
      },
    });
  });

  test('a trainer manages only their own cohorts of courses assigned to them; an admin all of them', async () => {
    const cohort = await newCohort();
    expect(canManageCohort({ id: trainerId, role: 'trainer' }, cohort, ['urbanism'])).toBe(true);
    expect(canManageCohort({ id: trainerId, role: 'trainer' }, cohort, ['creative-industries'])).toBe(false);
    expect(canManageCohort({ id: 'someone-else', role: 'trainer' }, cohort, ['urbanism'])).toBe(false);
    expect(canManageCohort({ id: 'someone-else', role: 'admin' }, cohort, [])).toBe(true);
    expect(canManageCohort({ id: trainerId, role: 'learner' }, cohort, ['urbanism'])).toBe(false);
  });

  test('a declined application is final: the applicant cannot apply again while the window is open', async () => {
    const windowed = await newCohort({ applicationsOpenOn: '2026-04-01', applicationsCloseOn: '2026-04-30' });
    const person = (await createUser(t.db, {
      name: 'Persistent',
      email: 'persistent@example.kz',
      password: 'z'.repeat(12),
      locale: 'kk',
      region: null,
      organisation: null,
    }))!;
    expect(await joinCohort(t.db, windowed, person.id, { hidden: [], archived: [] }, now)).toBe('applied');
    expect(await decideApplication(t.db, windowed, person.id, false, { hidden: [], archived: [] }, now)).toBe(true);
    expect(
      await joinCohort(t.db, windowed, person.id, { hidden: [], archived: [] }, new Date(now.getTime() + 60_000)),
    ).toBe('declined');
    expect(
      await joinCohort(
        t.db,
        windowed,
        person.id,
        { hidden: [], archived: [] },
        new Date(now.getTime() + 7 * 86_400_000),
      ),
    ).toBe('declined');
    expect((await listMembers(t.db, windowed.id)).map((m) => m.state)).toEqual(['declined']);
    // The trainer may still invite them; accepting makes them a member.
    await importTrainees(windowed, parseTraineeCsv('Persistent,persistent@example.kz,kk\n', 'en').rows);
    expect(await answerInvitation(t.db, person.id, windowed.id, true, { hidden: [], archived: [] })).toBe('accepted');
    expect((await listMembers(t.db, windowed.id)).map((m) => m.state)).toEqual(['member']);
  });
});

describe('the audit log', () => {
  test('records who, what, when and from where, newest first, filterable', async () => {
    const at = new Date('2026-06-01T10:00:00Z');
    await recordAudit(
      t.db,
      { id: trainerId, email: 'trainer@cohort.test', ip: '10.0.0.7' },
      'cohort.import',
      'cohort-1',
      { rows: 3 },
      at,
    );
    await recordAudit(
      t.db,
      { id: trainerId, email: 'trainer@cohort.test', ip: '10.0.0.7' },
      'cohort.accept',
      'cohort-1',
      { userId: 'u' },
      new Date(at.getTime() + 1000),
    );
    const { rows, total } = await listAudit(t.db, { actorEmail: 'trainer@cohort.test', limit: 10, offset: 0 });
    expect(total).toBe(2);
    expect(rows.map((r) => [r.action, r.target, r.ip])).toEqual([
      ['cohort.accept', 'cohort-1', '10.0.0.7'],
      ['cohort.import', 'cohort-1', '10.0.0.7'],
    ]);
    expect((await listAudit(t.db, { action: 'cohort.import', limit: 10, offset: 0 })).total).toBe(1);
    expect(
      Number(
        (
          await t.db
            .select({ n: sql<number>`count(*)` })
            .from(auditLog)
            .get()
        )?.n,
      ),
    ).toBe(2);
  });
});

describe('starting a cohort from the trainer workspace', () => {
  const actor = () => ({ id: trainerId, email: 'trainer@cohort.test', ip: '10.0.0.8' });
  const form = {
    name: 'Шымкент, күз 2026',
    course: 'urbanism',
    startsOn: '2026-09-01',
    endsOn: '2026-11-30',
    applicationsOpenOn: '',
    applicationsCloseOn: '',
  };
  const created = async () => (await listAudit(t.db, { action: 'cohort.create', limit: 10, offset: 0 })).rows;

  test('refuses a course the trainer does not run, and bad input, without an audit entry', async () => {
    expect(await startCohort(t.db, actor(), form, ['creative-industries'])).toEqual({
      ok: false,
      fields: { course: 'admin.unknown_course' },
    });
    expect(await startCohort(t.db, actor(), { ...form, endsOn: '2026-08-01' }, ['urbanism'])).toEqual({
      ok: false,
      fields: { endsOn: 'cohort.error.ends_before_start' },
    });
    expect(await created()).toEqual([]);
  });

  test('creates the cohort and records who created it, from where', async () => {
    const result = await startCohort(t.db, actor(), form, ['creative-industries', 'urbanism']);
    if (!result.ok) throw new Error(JSON.stringify(result.fields));
    expect(result.cohort).toMatchObject({
      name: form.name,
      course: 'urbanism',
      startsOn: '2026-09-01',
      createdBy: trainerId,
    });
    expect((await created()).map((r) => [r.actorEmail, r.target, r.ip, r.details])).toEqual([
      ['trainer@cohort.test', result.cohort.id, '10.0.0.8', { course: 'urbanism', name: form.name }],
    ]);
  });
});
