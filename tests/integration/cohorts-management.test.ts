/**
 * Issue 21, cohorts on a real libSQL file: the CSV import as trainers really send it (cells
 * pasted from Excel, files saved in Windows-1251 or UTF-16, empty `;;` rows, every spelling of
 * a language, rows without one), counted by rows; taking a member out (after a confirmation,
 * progress kept), editing the name and dates, archiving and unarchiving; and names in the
 * Kazakh alphabet order on Kazakh pages.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, cohortInvitations, enrollments, lessonProgress, users } from '#db/schema.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { runCohortAction, type CohortContext, type CohortOutcome } from '#lib/cohorts/actions.server.ts';
import { createCohort, joinCohort, listCohorts, listMembers, type Cohort } from '#lib/cohorts/cohorts.server.ts';
import { answerInvitation, listPendingInvitations } from '#lib/cohorts/consent.server.ts';
import { languageCodes } from '#lib/i18n/lists.ts';
import { useTranslations } from '#lib/i18n/t.ts';
import { csvEncodingProblem, languageOf, parseTraineeCsv, refusedRows } from '#lib/cohorts/csv-import.ts';
import { compareNames, sortByName } from '#lib/i18n/collate.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let trainer: { id: string; email: string; ip: string };
const context: CohortContext = {
  courses: { hidden: [], archived: [] },
  locale: 'kk',
  offered: ['kk', 'ru', 'en'],
  invitations: { baseUrl: 'http://127.0.0.1', siteName: () => 'Oqu', courseTitle: () => 'Urbanism' },
};

beforeAll(async () => {
  t = await createTestDatabase();
  const id = (await createUser(t.db, {
    name: 'Trainer',
    email: 'trainer@manage.test',
    password: 'x'.repeat(12),
    locale: 'kk',
    region: null,
    organisation: null,
    role: 'trainer',
  }))!.id;
  trainer = { id, email: 'trainer@manage.test', ip: '127.0.0.1' };
});
afterAll(async () => {
  await t.cleanup();
});

async function newCohort(name = 'Алматы, көктем'): Promise<Cohort> {
  const result = await createCohort(
    t.db,
    { name, course: 'urbanism', startsOn: '', endsOn: '', applicationsOpenOn: '', applicationsCloseOn: '' },
    trainer.id,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result.cohort;
}

function form(fields: Record<string, string | File>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

const act = (cohort: Cohort, fields: Record<string, string | File>): Promise<CohortOutcome> =>
  runCohortAction(t.db, trainer, cohort, form(fields), context);

/** Windows-1251 bytes of Cyrillic text (Excel's plain "CSV" on a Russian or Kazakh Windows). */
function windows1251(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([...text], (c) => {
    const code = c.codePointAt(0)!;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    return code;
  });
}

describe('reading the rows trainers paste and save', () => {
  test('cells pasted from Excel (tab-separated) are rows, not "bad e-mail"', () => {
    const parsed = parseTraineeCsv(
      'Аты-жөні\tE-mail\tТіл\nАсқар Ахметов\tasqar@example.kz\tkk\nДана Серік\tdana@example.kz\tru\n',
      'kk',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.name, r.email, r.locale])).toEqual([
      ['Асқар Ахметов', 'asqar@example.kz', 'kk'],
      ['Дана Серік', 'dana@example.kz', 'ru'],
    ]);
  });

  test('every row error shows the value found, an empty cell as empty', () => {
    const parsed = parseTraineeCsv('Name;Email;Lang\nАсқар;not-an-address;kk\n;nameless@example.kz;ru\n', 'kk');
    expect(parsed.errors).toEqual([
      { line: 2, field: 'email', error: 'cohort.import.bad_email', value: 'not-an-address' },
      { line: 3, field: 'name', error: 'cohort.import.bad_name', value: '' },
    ]);
  });

  test('empty rows (`;;`, blank lines) are skipped and lines keep their numbers in the file', () => {
    const parsed = parseTraineeCsv('Name;Email;Lang\n;;\n\nАсқар;asqar@example.kz;kk\n;;\nБад;bad;kk\n', 'kk');
    expect(parsed.read).toBe(2);
    expect(parsed.rows.map((r) => r.line)).toEqual([4]);
    expect(parsed.errors).toEqual([{ line: 6, field: 'email', error: 'cohort.import.bad_email', value: 'bad' }]);
  });

  test('every spelling of a language in the one table is accepted, in any case and with a dot', () => {
    for (const word of ['kk', 'KAZ', 'қаз', 'Қаз.', 'қазақ', 'қазақша', 'казахский', 'Kazakh', 'каз'])
      expect(languageOf(word), word).toBe('kk');
    for (const word of ['ru', 'rus', 'рус', 'русский', 'орыс', 'орысша', 'Russian'])
      expect(languageOf(word), word).toBe('ru');
    for (const word of ['en', 'eng', 'англ', 'английский', 'english', 'ағылшын', 'ағылшынша'])
      expect(languageOf(word), word).toBe('en');
    expect(languageOf('de')).toBeNull();
  });

  test('a row without a language is given the page language and says so', () => {
    const parsed = parseTraineeCsv('Асқар,asqar@example.kz,\nДана,dana@example.kz,рус\n', 'kk');
    expect(parsed.rows).toEqual([
      { line: 1, name: 'Асқар', email: 'asqar@example.kz', locale: 'kk', defaulted: true },
      { line: 2, name: 'Дана', email: 'dana@example.kz', locale: 'ru' },
    ]);
  });

  test('a kk+ru site refuses rows in a language it does not offer, saying which to write', async () => {
    const csv = 'Асқар,asqar.kkru@example.kz,en\nДана,dana.kkru@example.kz,англ\nБолат,bolat.kkru@example.kz,рус\n';
    const parsed = parseTraineeCsv(csv, 'kk', ['kk', 'ru']);
    expect(parsed.rows.map((r) => [r.line, r.locale])).toEqual([[3, 'ru']]);
    expect(parsed.errors).toEqual([
      { line: 1, field: 'language', error: 'cohort.import.language_not_offered', value: 'en' },
      { line: 2, field: 'language', error: 'cohort.import.language_not_offered', value: 'англ' },
    ]);
    const ru = useTranslations('ru');
    expect(ru(parsed.errors[0]!.error, { languages: languageCodes(['kk', 'ru'], ru) })).toMatch(/укажите kk или ru/);
    const outcome = await runCohortAction(t.db, trainer, await newCohort('kk+ru'), form({ intent: 'import', csv }), {
      ...context,
      offered: ['kk', 'ru'],
    });
    expect(outcome.ok && outcome.rowErrors?.map((e) => e.error)).toEqual([
      'cohort.import.language_not_offered',
      'cohort.import.language_not_offered',
    ]);
  });

  test('the summary counts rows, not errors: a row with three mistakes is one row', () => {
    const parsed = parseTraineeCsv('x1;bad;zz\nАсқар;asqar@example.kz;kk\n', 'kk');
    expect(parsed.errors).toHaveLength(2);
    expect(refusedRows(parsed.errors)).toBe(1);
  });

  test('files in Windows-1251 or UTF-16 (with or without a BOM) are recognised; UTF-8 is not flagged', () => {
    const text = 'Аты-жөні;E-mail;Тіл\nАсқар;asqar@example.kz;kk\n';
    expect(csvEncodingProblem(new TextEncoder().encode(`\uFEFF${text}`))).toBeNull();
    expect(csvEncodingProblem(windows1251('Иван Петров;ivan@example.kz;ru\n'))).toBe('windows-1251');
    expect(csvEncodingProblem(Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]))).toBe('utf-16');
    expect(csvEncodingProblem(Uint8Array.from(Buffer.from('Name;Email\nA;a@example.kz\n', 'utf16le')))).toBe('utf-16');
  });
});

describe('importing from the cohort page', () => {
  test('a file saved in Windows-1251 or UTF-16 is refused with "save as CSV UTF-8", nobody invited', async () => {
    const cohort = await newCohort();
    const cp1251 = new File([windows1251('Иван Петров;ivan@example.kz;ru\n')], 'list.csv', { type: 'text/csv' });
    expect(await act(cohort, { intent: 'import', file: cp1251 })).toEqual({ ok: false, error: 'cohort.import.cp1251' });
    const utf16 = new File(
      [new Uint8Array([0xff, 0xfe, ...Buffer.from('Иван;ivan@example.kz;ru\n', 'utf16le')])],
      'l.csv',
    );
    expect(await act(cohort, { intent: 'import', file: utf16 })).toEqual({ ok: false, error: 'cohort.import.utf16' });
    expect(await t.db.select().from(cohortInvitations).where(eq(cohortInvitations.cohortId, cohort.id))).toEqual([]);
  });

  test('rows pasted from Excel are invited; the summary counts rows read, refused and defaulted', async () => {
    const cohort = await newCohort();
    const csv = [
      'Асқар Ахметов\tasqar.paste@example.kz\tқаз',
      'Дана Серік\tdana.paste@example.kz\t',
      '\t\t',
      'Бад\tbad\tzz',
      'Ерлан\terlan.paste@example.kz\tрус',
    ].join('\r\n');
    const outcome = await act(cohort, { intent: 'import', csv });
    expect(outcome).toMatchObject({
      ok: true,
      imported: { read: 4, invited: 3, unchanged: 0, refused: 1, defaulted: [2] },
    });
    const invited = await t.db
      .select({ email: cohortInvitations.email, locale: users.locale })
      .from(cohortInvitations)
      .innerJoin(users, eq(users.id, cohortInvitations.userId))
      .where(eq(cohortInvitations.cohortId, cohort.id));
    expect(new Map(invited.map((r) => [r.email, r.locale]))).toEqual(
      new Map([
        ['asqar.paste@example.kz', 'kk'],
        ['dana.paste@example.kz', 'kk'],
        ['erlan.paste@example.kz', 'ru'],
      ]),
    );
    // Consent is kept: invited, not members.
    expect(await listMembers(t.db, cohort.id)).toEqual([]);
  });
});

async function memberOf(cohort: Cohort, name: string, email: string): Promise<string> {
  const user = await createUser(t.db, {
    name,
    email,
    password: 'x'.repeat(12),
    locale: 'kk',
    region: null,
    organisation: null,
    role: 'learner',
  });
  expect(await joinCohort(t.db, cohort, user!.id, { hidden: [], archived: [] })).toBe('member');
  return user!.id;
}

describe('managing a cohort', () => {
  test('taking a member out asks first, then ends only the membership: enrolment and progress stay', async () => {
    const cohort = await newCohort();
    const userId = await memberOf(cohort, 'Гүлнар Сейітова', 'gulnar@example.kz');
    await t.db
      .insert(lessonProgress)
      .values({ userId, course: 'urbanism', lesson: 'urbanism/01-intro', completedAt: new Date() });

    const ask = await act(cohort, { intent: 'remove', userId });
    expect(ask).toMatchObject({
      ok: true,
      confirmRemove: { userId, name: 'Гүлнар Сейітова', email: 'gulnar@example.kz' },
    });
    expect(await listMembers(t.db, cohort.id)).toHaveLength(1);

    expect(await act(cohort, { intent: 'remove', userId, confirm: '1' })).toMatchObject({
      ok: true,
      message: 'cohort.removed',
      params: { name: 'Гүлнар Сейітова' },
    });
    expect(await listMembers(t.db, cohort.id)).toEqual([]);
    expect(
      await t.db
        .select()
        .from(enrollments)
        .where(and(eq(enrollments.userId, userId), eq(enrollments.course, 'urbanism'))),
    ).toHaveLength(1);
    expect(await t.db.select().from(lessonProgress).where(eq(lessonProgress.userId, userId))).toHaveLength(1);
    expect(await act(cohort, { intent: 'remove', userId, confirm: '1' })).toEqual({
      ok: false,
      error: 'cohort.no_member',
    });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'cohort.remove'));
    expect(audit.map((a) => [a.target, a.details])).toContainEqual([cohort.id, { userId, email: 'gulnar@example.kz' }]);
  });

  test('someone taken out after accepting an invitation can be invited again', async () => {
    const cohort = await newCohort();
    await act(cohort, { intent: 'import', csv: 'Марат,marat@example.kz,kk' });
    const marat = await t.db.select().from(users).where(eq(users.email, 'marat@example.kz')).get();
    expect(await answerInvitation(t.db, marat!.id, cohort.id, true, { hidden: [], archived: [] })).toBe('accepted');
    await act(cohort, { intent: 'remove', userId: marat!.id, confirm: '1' });
    expect(await act(cohort, { intent: 'import', csv: 'Марат,marat@example.kz,kk' })).toMatchObject({
      imported: { invited: 1, unchanged: 0 },
    });
  });

  test('editing the name and dates is checked as creation is; the course stays; audited', async () => {
    const cohort = await newCohort('Ескі атау');
    const bad = await act(cohort, { intent: 'edit', name: ' ', startsOn: '2026-05-01', endsOn: '2026-04-01' });
    expect(bad).toMatchObject({
      ok: false,
      fields: { name: 'cohort.error.name', endsOn: 'cohort.error.ends_before_start' },
    });
    const good = await act(cohort, {
      intent: 'edit',
      name: 'Жаңа атау',
      startsOn: '2026-04-01',
      endsOn: '2026-06-30',
      applicationsOpenOn: '',
      applicationsCloseOn: '',
      course: 'another-course',
    });
    expect(good).toMatchObject({
      ok: true,
      message: 'cohort.edited',
      cohort: { name: 'Жаңа атау', startsOn: '2026-04-01', endsOn: '2026-06-30', course: 'urbanism' },
    });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'cohort.edit'));
    expect(audit.at(-1)?.details).toMatchObject({ changed: { name: { from: 'Ескі атау', to: 'Жаңа атау' } } });
  });

  test('archived: off the active list, read-only, link and invitations admit nobody; unarchive undoes it', async () => {
    const cohort = await newCohort('Мұрағатқа');
    await act(cohort, { intent: 'import', csv: 'Айгерім,aigerim@example.kz,kk' });
    const aigerim = (await t.db.select().from(users).where(eq(users.email, 'aigerim@example.kz')).get())!;

    const archived = await act(cohort, { intent: 'archive' });
    expect(archived).toMatchObject({ ok: true, message: 'cohort.archived' });
    const now = archived.ok ? archived.cohort! : cohort;
    expect(now.archivedAt).toBeInstanceOf(Date);

    const user = { id: trainer.id, role: 'admin' };
    expect((await listCohorts(t.db, user)).map((r) => r.cohort.id)).not.toContain(cohort.id);
    expect((await listCohorts(t.db, user, true)).map((r) => r.cohort.id)).toContain(cohort.id);
    for (const intent of ['import', 'edit', 'remove', 'resend', 'decide', 'archive'])
      expect(await act(now, { intent, csv: 'X,x@example.kz,kk', name: 'X' }), intent).toEqual({
        ok: false,
        error: 'cohort.archived_read_only',
      });
    const stranger = await createUser(t.db, {
      name: 'Stranger',
      email: 'stranger@example.kz',
      password: 'x'.repeat(12),
      locale: 'kk',
      region: null,
      organisation: null,
      role: 'learner',
    });
    expect(await joinCohort(t.db, now, stranger!.id, { hidden: [], archived: [] })).toBe('archived');
    expect(await listPendingInvitations(t.db, aigerim.id)).toEqual([]);
    expect(await answerInvitation(t.db, aigerim.id, cohort.id, true, { hidden: [], archived: [] })).toBe('gone');

    const back = await act(now, { intent: 'unarchive' });
    expect(back).toMatchObject({ ok: true, message: 'cohort.unarchived', cohort: { archivedAt: null } });
    expect((await listCohorts(t.db, user)).map((r) => r.cohort.id)).toContain(cohort.id);
    expect(await answerInvitation(t.db, aigerim.id, cohort.id, true, { hidden: [], archived: [] })).toBe('accepted');
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.target, cohort.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['cohort.archive', 'cohort.unarchive']));
  });
});

describe('names in the Kazakh alphabet on Kazakh pages', () => {
  const names = [
    'Сая Әлиева',
    'Өмір Бекұлы',
    'Оразбек Ә',
    'Ұлан С',
    'Үміт А',
    'Уәли Т',
    'Іле Н',
    'Ыбырай А',
    'Азат К',
    'Әли Р',
    'Қайрат Е',
    'Кира В',
    'Ғани Ж',
    'Һасен Д',
    'Ясмин',
  ];
  const kazakh = [
    'Азат К',
    'Әли Р',
    'Ғани Ж',
    'Кира В',
    'Қайрат Е',
    'Оразбек Ә',
    'Өмір Бекұлы',
    'Сая Әлиева',
    'Уәли Т',
    'Ұлан С',
    'Үміт А',
    'Һасен Д',
    'Ыбырай А',
    'Іле Н',
    'Ясмин',
  ];

  test('the collator has Kazakh rules: Ө before С, Ұ Ү after У, І after Ы', () => {
    expect(sortByName(names, (n) => n, 'kk')).toEqual(kazakh);
    expect(compareNames('kk')('Өмір', 'Сая')).toBeLessThan(0);
  });

  test('the cohort list sorts in SQL in the same order, across pages', async () => {
    const cohort = await newCohort();
    for (const [i, name] of names.entries()) await memberOf(cohort, name, `sort${i}@example.kz`);
    const all = (await listMembers(t.db, cohort.id, { locale: 'kk' })).map((m) => m.name);
    expect(all).toEqual(kazakh);
    const pages = [0, 5, 10].map((offset) => listMembers(t.db, cohort.id, { locale: 'kk', limit: 5, offset }));
    expect((await Promise.all(pages)).flat().map((m) => m.name)).toEqual(kazakh);
    // Russian pages: Ё is Е, the Kazakh letters beside the letters they are built on.
    const ru = (await listMembers(t.db, cohort.id, { locale: 'ru' })).map((m) => m.name);
    expect(ru).toEqual(sortByName(names, (n) => n, 'ru'));
  });
});
