/**
 * The programme report's other sections as CSV (`report.csv?by=competencies|attendance|
 * grant-calls|grants`) against a hand-computed fixture on a real libSQL file: each file has the
 * figures the report page shows (read by the same functions for the same period), one line per
 * line of its table, then the page's totals; Excel-safe, in the reader's language.
 *
 *   courses: urban (urbanism): capital, sdg → civic; term → maps; social (social-entrepreneurship): capital → pitch
 *   period: 2026-11 to 2026-12
 *
 *   who        region     quiz (demonstrated)             sessions present                 grant proposals
 *   a          Almaty     urban perfect 2026-11-10        urban 2026-11-20, forum 12-01    g1 submitted, won 300,000
 *   b          Shymkent   social perfect 2026-12-03       urban 2026-11-20                 g1 submitted
 *   c          (none)     urban perfect 2026-10-05 (out)  forum 12-01; urban 09-01 (out)   g1 draft, g2 submitted
 *
 *   calls: g1 published, for the urban course, closes 2026-11-15; g2 scoring, for everyone,
 *   closes 2026-12-10; g3 published, closes 2026-06-10 (out); g4 draft, 2026-11-20 (left out).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createId } from '#db/ids.ts';
import { eventSignups, events, grantCalls, grantDecisions, grantProposals, users } from '#db/schema.ts';
import { markAttendance } from '#lib/events/signups.server.ts';
import { DEFAULT_FORM, DEFAULT_RUBRIC } from '#lib/grants/form-schema.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { programmeAttendance } from '#lib/reports/programme-attendance.server.ts';
import { programmeCompetencyReport } from '#lib/reports/programme-competencies.server.ts';
import { programmeGrants } from '#lib/reports/programme-grants.server.ts';
import { exportProgrammeSection, type SectionExportInput } from '#lib/reports/programme-sections.server.ts';
import { perfectAnswers } from '../fixtures/quiz.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse } from './learning-course.ts';

let t: TestDatabase;
afterAll(async () => {
  await t?.cleanup();
});

function course(slug: string, field: string, tags: Record<string, string>) {
  const c = structuredClone(learningCourse(slug));
  c.data.field = field;
  for (const q of c.quizzes['toc-quiz']!.questions) if (tags[q.id]) q.competencies = [tags[q.id]!];
  return c;
}
const urban = course('sections-urban', 'urbanism', { capital: 'civic', sdg: 'civic', term: 'maps' });
const social = course('sections-social', 'social-entrepreneurship', { capital: 'pitch' });
const courseFields = { [urban.slug]: 'urbanism', [social.slug]: 'social-entrepreneurship' };
const input: SectionExportInput = {
  locale: 'en',
  chain: ['en'],
  from: '2026-11',
  to: '2026-12',
  courseFields,
  programmeFields: {},
  demonstrations: { courses: [urban, social], competencies: [{ id: 'civic' }, { id: 'maps' }, { id: 'pitch' }] },
};
const period = { from: input.from, to: input.to };
const people: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

async function trainee(region: string | null) {
  const user = await makeUser(t.db);
  await t.db.update(users).set({ region }).where(eq(users.id, user.id));
  return user.id;
}

let n = 0;
async function attempt(userId: string, c: typeof urban, at: string) {
  const done = await submitAttempt(t.db, {
    userId,
    course: c.slug,
    quizId: 'toc-quiz',
    quiz: c.quizzes['toc-quiz']!,
    answers: perfectAnswers,
    locale: 'en',
    idempotencyKey: `programme-sections-${++n}-0000`,
    now: new Date(at),
  });
  expect(done).toMatchObject({ ok: true });
}

async function session(startsAt: string, courseSlug: string | null, marks: Record<string, 'present' | 'absent'>) {
  const id = createId();
  const start = new Date(startsAt);
  await t.db.insert(events).values({
    id,
    kind: 'seminar',
    title: { en: 'Seminar' },
    description: {},
    startsAt: start,
    endsAt: new Date(start.getTime() + 3600_000),
    capacity: 10,
    audience: 'everyone',
    course: courseSlug,
    createdAt: start,
  });
  for (const userId of Object.keys(marks))
    await t.db
      .insert(eventSignups)
      .values({ eventId: id, userId, status: 'signed_up', position: 1, signedUpAt: start, updatedAt: start });
  await markAttendance(
    t.db,
    { id },
    Object.entries(marks).map(([userId, mark]) => ({ userId, mark })),
  );
}

async function grants() {
  const call = (id: string, state: 'draft' | 'scoring' | 'published', closes: string, eligibility: object) => ({
    id,
    title: { en: `Call ${id}`, ru: `Конкурс ${id}`, kk: `${id} конкурсы` },
    description: {},
    eligibility: eligibility as { kind: string; ids: string[] },
    opensAt: new Date(Date.parse(closes) - 86_400_000),
    closesAt: new Date(`${closes}T07:00:00Z`),
    budgetTenge: 1_000_000,
    maxPerProjectTenge: 600_000,
    form: DEFAULT_FORM,
    rubric: DEFAULT_RUBRIC,
    state,
    createdAt: new Date(),
  });
  await t.db
    .insert(grantCalls)
    .values([
      call('g1', 'published', '2026-11-15', { kind: 'courses', ids: [urban.slug] }),
      call('g2', 'scoring', '2026-12-10', { kind: 'everyone', ids: [] }),
      call('g3', 'published', '2026-06-10', { kind: 'everyone', ids: [] }),
      call('g4', 'draft', '2026-11-20', { kind: 'everyone', ids: [] }),
    ]);
  const proposal = (id: string, callId: string, lead: string, status: 'draft' | 'submitted') => ({
    id,
    callId,
    leadId: lead,
    status,
    answers: {},
    budget: [],
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  await t.db
    .insert(grantProposals)
    .values([
      proposal('p1', 'g1', people.a, 'submitted'),
      proposal('p2', 'g1', people.b, 'submitted'),
      proposal('p3', 'g1', people.c, 'draft'),
      proposal('p4', 'g2', people.c, 'submitted'),
      proposal('p5', 'g3', people.a, 'submitted'),
    ]);
  await t.db.insert(grantDecisions).values([
    { proposalId: 'p1', callId: 'g1', amountTenge: 300_000, decidedAt: new Date() },
    { proposalId: 'p5', callId: 'g3', amountTenge: 500_000, decidedAt: new Date() },
  ]);
}

beforeAll(async () => {
  t = await createTestDatabase();
  people.a = await trainee('Almaty');
  people.b = await trainee('Shymkent');
  people.c = await trainee(null);
  await attempt(people.a, urban, '2026-11-10T09:00:00Z');
  await attempt(people.b, social, '2026-12-03T09:00:00Z');
  await attempt(people.c, urban, '2026-10-05T09:00:00Z');
  await session('2026-11-20T05:00:00Z', urban.slug, {
    [people.a]: 'present',
    [people.b]: 'present',
    [people.c]: 'absent',
  });
  await session('2026-12-01T05:00:00Z', null, { [people.a]: 'present', [people.c]: 'present' });
  await session('2026-09-01T05:00:00Z', urban.slug, { [people.c]: 'present' });
  await grants();
});

const lines = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(0, -1);

it('exports the competencies demonstrated by field, region and month, as the page shows them', async () => {
  const page = await programmeCompetencyReport(t.db, { ...period, ...input.demonstrations });
  expect(page.rows).toEqual([
    { field: 'social-entrepreneurship', region: 'Shymkent', month: '2026-12', demonstrated: 1, trainees: 1 },
    { field: 'urbanism', region: 'Almaty', month: '2026-11', demonstrated: 2, trainees: 1 },
  ]);
  expect(page.totals).toEqual({ demonstrated: 3, trainees: 2 });
  const csv = await exportProgrammeSection(t.db, 'competencies', input);
  expect(csv.filename).toBe('oqu-programme-competencies.csv');
  expect(csv.body.startsWith('\uFEFF')).toBe(true);
  expect(lines(csv.body)).toEqual([
    '"Field";"Region";"Month (Almaty)";"Competencies demonstrated";"Trainees"',
    '"social-entrepreneurship";"Shymkent";"2026-12";1;1',
    '"urbanism";"Almaty";"2026-11";2;1',
    '"Total";;;3;2',
  ]);
  const kk = await exportProgrammeSection(t.db, 'competencies', { ...input, locale: 'kk', chain: ['kk'] });
  expect(lines(kk.body)[0]).toBe('"Бағыт";"Өңір";"Ай (Алматы)";"Расталған құзыреттер";"Тыңдаушылар"');
  expect(lines(kk.body)[3]).toBe('"Барлығы";;;3;2');
});

it('exports the people trained face to face by month, field and region, as the page shows them', async () => {
  const page = await programmeAttendance(t.db, { ...period, courseFields });
  expect(page).toEqual({
    rows: [
      { month: '2026-11', field: 'urbanism', region: 'Almaty', people: 1, sessions: 1 },
      { month: '2026-11', field: 'urbanism', region: 'Shymkent', people: 1, sessions: 1 },
      { month: '2026-12', field: '', region: null, people: 1, sessions: 1 },
      { month: '2026-12', field: '', region: 'Almaty', people: 1, sessions: 1 },
    ],
    people: 3,
  });
  const csv = await exportProgrammeSection(t.db, 'attendance', input);
  expect(lines(csv.body)).toEqual([
    '"Month (Almaty)";"Field";"Region";"People";"Sessions"',
    '"2026-11";"urbanism";"Almaty";1;1',
    '"2026-11";"urbanism";"Shymkent";1;1',
    '"2026-12";;;1;1',
    '"2026-12";;"Almaty";1;1',
    '"Total";;;3;',
  ]);
  const ru = await exportProgrammeSection(t.db, 'attendance', { ...input, locale: 'ru', chain: ['ru'] });
  expect(lines(ru.body)[0]).toBe('"Месяц (Алматы)";"Направление";"Регион";"Человек";"Занятий"');
});

it('exports the grant calls, and the grants by field and region, as the page shows them', async () => {
  const page = await programmeGrants(t.db, { ...period, courseFields, programmeFields: {} });
  expect(page.totals).toEqual({ calls: 2, proposals: 3, winners: 1, awardedTenge: 300_000 });
  const calls = await exportProgrammeSection(t.db, 'grant-calls', input);
  expect(calls.filename).toBe('oqu-programme-grant-calls.csv');
  expect(lines(calls.body)).toEqual([
    '"Call (id)";"Call";"Field";"Status";"Budget (tenge)";"Proposals submitted";"Winners";"Awarded (tenge)"',
    '"g1";"Call g1";"urbanism";"results published";1000000;2;1;300000',
    '"g2";"Call g2";;"jury scoring";1000000;1;0;0',
    '"Total";;;;;3;1;300000',
  ]);
  expect(page.calls.map((c) => [c.id, c.field, c.proposals, c.winners, c.awardedTenge])).toEqual([
    ['g1', 'urbanism', 2, 1, 300_000],
    ['g2', '', 1, 0, 0],
  ]);
  const byRegion = await exportProgrammeSection(t.db, 'grants', input);
  expect(lines(byRegion.body)).toEqual([
    '"Field";"Region";"Proposals submitted";"Winners";"Awarded (tenge)"',
    ';;1;0;0',
    '"urbanism";"Almaty";1;1;300000',
    '"urbanism";"Shymkent";1;0;0',
    '"Total";;3;1;300000',
  ]);
  expect(page.byFieldRegion.map((r) => [r.field, r.region, r.proposals, r.winners, r.awardedTenge])).toEqual([
    ['', null, 1, 0, 0],
    ['urbanism', 'Almaty', 1, 1, 300_000],
    ['urbanism', 'Shymkent', 1, 0, 0],
  ]);
  const ru = await exportProgrammeSection(t.db, 'grant-calls', { ...input, locale: 'ru', chain: ['ru'] });
  expect(lines(ru.body)[1]).toBe('"g1";"Конкурс g1";"urbanism";"итоги опубликованы";1000000;2;1;300000');
  expect(lines(ru.body)[0]).toContain('"Бюджет (тенге)"');
});
