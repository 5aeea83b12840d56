/**
 * A cohort's competency matrix against a hand-computed fixture: the CSV download (Excel-safe,
 * in the reader's language), the page's figures and paging, and the kept states following
 * each write and each change of the rule (decision 052).
 */
import { sql } from 'drizzle-orm';
import { cohortMembers } from '#db/schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort, joinCohort } from '#lib/cohorts/cohorts.server.ts';
import { exportCohortCompetencies } from '#lib/reports/cohort-competencies.server.ts';
import { cohortMatrixPage, runCompetencySetting } from '#lib/competencies/cohort.server.ts';
import { matrixColumns, matrixScope } from '#lib/competencies/matrix.ts';
import { setCompetencyByHand } from '#lib/competencies/evidence.server.ts';
import { refreshKeptStates } from '#lib/competencies/kept.server.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { listAudit } from '#lib/audit/audit.server.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { perfectAnswers } from '../fixtures/quiz.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { courseWithCompetencies, framework } from './competency-course.ts';
import { learningCourse } from './learning-course.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

async function person(name: string) {
  const user = await createUser(t.db, {
    name,
    email: `${name.replace(/\W/g, '').toLowerCase()}-${Date.now()}@example.kz`,
    password: 'test user password',
    locale: 'en',
    region: null,
    organisation: null,
    role: 'learner',
  });
  if (!user) throw new Error(`could not create ${name}`);
  return user;
}

/**
 * Four members: Aigerim (a passed quiz, all right), Boris (passed, `term` wrong), "=Carol"
 * (nothing, but a trainer set civic to demonstrated by hand) and Erlan (no evidence at all, so
 * no kept states); and Dana, who only applied: her passed quiz counts nowhere in the cohort.
 */
async function fixture() {
  const course = courseWithCompetencies('matrix-course');
  const trainer = await makeUser(t.db, 'trainer');
  const made = await createCohort(
    t.db,
    { name: 'Matrix', course: course.slug, startsOn: '', endsOn: '', applicationsOpenOn: '', applicationsCloseOn: '' },
    trainer.id,
  );
  if (!made.ok) throw new Error(JSON.stringify(made.fields));
  const [carol, boris, aigerim, erlan] = [
    await person('=Carol'),
    await person('Boris'),
    await person('Aigerim'),
    await person('Erlan'),
  ];
  for (const u of [carol, boris, aigerim, erlan])
    await joinCohort(t.db, made.cohort, u.id, { hidden: [], archived: [] });
  const dana = await person('Dana');
  await t.db
    .insert(cohortMembers)
    .values({ cohortId: made.cohort.id, userId: dana.id, state: 'applied', joinedAt: new Date() });
  const attempt = (userId: string, answers: object, key: string) =>
    submitAttempt(t.db, {
      userId,
      course: course.slug,
      quizId: 'toc-quiz',
      quiz: course.quizzes['toc-quiz']!,
      answers,
      locale: 'en',
      idempotencyKey: key,
    });
  await attempt(aigerim.id, perfectAnswers, `matrix-a-${aigerim.id}`);
  await attempt(boris.id, { ...perfectAnswers, term: 'impact' }, `matrix-b-${boris.id}`);
  await attempt(dana.id, perfectAnswers, `matrix-d-${dana.id}`);
  const actor = { id: trainer.id, email: trainer.email };
  await setCompetencyByHand(t.db, actor, {
    userId: carol.id,
    competency: 'civic',
    state: 'demonstrated',
    comment: 'Seminar',
  });
  return { course, trainer, actor, cohort: made.cohort, people: { aigerim, boris, carol, erlan } };
}

it('downloads the matrix as Excel-safe CSV in the reader language, matching the hand-computed fixture', async () => {
  const { course, actor, cohort, people } = await fixture();
  const input = {
    actor,
    cohort,
    chain: ['en' as const],
    competencies: framework,
    courses: [course],
  };
  const en = await exportCohortCompetencies(t.db, { ...input, locale: 'en' });
  expect(en.filename).toBe(`cohort-${cohort.id}-competencies.csv`);
  // Name order (`=` sorts first). civic needs criterion `coverage` too (no accepted work): developing
  // for both who passed.
  expect(en.body).toBe(
    '\uFEFF"Trainee";"Email";"Civic action";"Mapping"\r\n' +
      `"'=Carol";"${people.carol.email}";"Demonstrated (set by a trainer by hand)";"Not started"\r\n` +
      `"Aigerim";"${people.aigerim.email}";"Developing";"Demonstrated"\r\n` +
      `"Boris";"${people.boris.email}";"Developing";"Developing"\r\n` +
      `"Erlan";"${people.erlan.email}";"Not started";"Not started"\r\n`,
  );
  const ru = await exportCohortCompetencies(t.db, { ...input, locale: 'ru' });
  expect(ru.body.split('\r\n')[0]).toBe('\uFEFF"Слушатель";"Электронная почта";"Гражданское участие";"Картирование"');
  expect(ru.body.split('\r\n')[1]).toContain('"Подтверждена (установлено тренером вручную)";"Не начата"');
  const kk = await exportCohortCompetencies(t.db, { ...input, locale: 'kk' });
  expect(kk.body.split('\r\n')[0]).toBe('\uFEFF"Тыңдаушы";"Электрондық пошта";"Азаматтық қатысу";"Картаға түсіру"');
  expect(kk.body.split('\r\n')).toHaveLength(6);
  const audit = await listAudit(t.db, { action: 'report.export', limit: 50, offset: 0 });
  expect(audit.rows.filter((r) => r.target === `cohort/${cohort.id}/competencies`)).toHaveLength(3);
});

it('pages the members and counts the whole cohort from kept states that follow each write and rule', async () => {
  const { course, actor, cohort, people } = await fixture();
  const rule = { competencies: framework, courses: [course] };
  const grid = (members: Awaited<ReturnType<typeof cohortMatrixPage>>['members']) =>
    members.map((m) => [m.name, ...m.states.map((s) => `${s.state}${s.byHand ? '*' : ''}`)]);
  const first = await cohortMatrixPage(t.db, cohort.id, rule, { limit: 2, offset: 0 });
  expect(first.total).toBe(4);
  expect(grid(first.members)).toEqual([
    ['=Carol', 'demonstrated*', 'not-started', 'not-started'],
    ['Aigerim', 'developing', 'demonstrated', 'not-started'],
  ]);
  expect(first.summary).toEqual({
    civic: { 'not-started': 1, developing: 2, demonstrated: 1 },
    maps: { 'not-started': 2, developing: 1, demonstrated: 1 },
    untouched: { 'not-started': 4, developing: 0, demonstrated: 0 },
  });
  const second = await cohortMatrixPage(t.db, cohort.id, rule, { limit: 2, offset: 2 });
  expect(grid(second.members)).toEqual([
    ['Boris', 'developing', 'developing', 'not-started'],
    ['Erlan', 'not-started', 'not-started', 'not-started'],
  ]);
  // Kept now: a second read derives nobody again.
  expect(await refreshKeptStates(t.db, cohort.id, rule)).toBe(0);

  // A setting by hand (a write the triggers see) shows at once; so does taking one back to not started.
  await setCompetencyByHand(t.db, actor, {
    userId: people.boris.id,
    competency: 'maps',
    state: 'demonstrated',
    comment: 'Map',
  });
  await setCompetencyByHand(t.db, actor, {
    userId: people.carol.id,
    competency: 'civic',
    state: 'not-started',
    comment: 'No',
  });
  expect(await refreshKeptStates(t.db, cohort.id, rule)).toBe(2);
  const after = await cohortMatrixPage(t.db, cohort.id, rule, { limit: 10, offset: 0 });
  expect(grid(after.members)).toEqual([
    ['=Carol', 'not-started*', 'not-started', 'not-started'],
    ['Aigerim', 'developing', 'demonstrated', 'not-started'],
    ['Boris', 'developing', 'demonstrated*', 'not-started'],
    ['Erlan', 'not-started', 'not-started', 'not-started'],
  ]);
  expect(after.summary.civic).toEqual({ 'not-started': 2, developing: 2, demonstrated: 0 });
  expect(after.summary.maps).toEqual({ 'not-started': 2, developing: 0, demonstrated: 2 });

  // The course changes (`term` no longer assesses maps): every member with evidence is derived again.
  const edited = structuredClone(course);
  for (const q of edited.quizzes['toc-quiz']!.questions) if (q.id === 'term') delete q.competencies;
  const newRule = { competencies: framework, courses: [edited] };
  expect(await refreshKeptStates(t.db, cohort.id, newRule)).toBe(3);
  const renewed = await cohortMatrixPage(t.db, cohort.id, newRule, { limit: 10, offset: 0 });
  expect(renewed.summary.maps).toEqual({ 'not-started': 3, developing: 0, demonstrated: 1 });

  // Leaving Oqu takes a member's rows with them (the triggers skip a user being deleted).
  await t.db.run(sql`DELETE FROM users WHERE id = ${people.aigerim.id}`);
  const left = await cohortMatrixPage(t.db, cohort.id, newRule, { limit: 10, offset: 0 });
  expect(left.total).toBe(3);
  const kept = await t.db.all(sql`SELECT 1 FROM competency_states WHERE user_id = ${people.aigerim.id}`);
  expect(kept).toEqual([]);
});

describe('a cohort following a programme', () => {
  /**
   * The cohort's course assesses civic and maps; the programme's other course assesses only
   * `pitch` (its question `term`). Aigerim passed that other course's quiz, all right.
   */
  async function programmeFixture(id: string) {
    const own = courseWithCompetencies(`${id}-own`);
    const other = learningCourse(`${id}-other`);
    other.quizzes['toc-quiz']!.questions.find((q) => q.id === 'term')!.competencies = ['pitch'];
    const competencies = [...framework, { id: 'pitch', title: { en: 'Pitching', ru: 'Питч', kk: 'Питч жасау' } }];
    const programme = { data: { courses: [own.slug, other.slug], competencies: undefined as string[] | undefined } };
    const trainer = await makeUser(t.db, 'trainer');
    const values = {
      name: id,
      course: own.slug,
      startsOn: '',
      endsOn: '',
      applicationsOpenOn: '',
      applicationsCloseOn: '',
    };
    const made = await createCohort(t.db, values, trainer.id, new Date(), {
      programme: id,
      courses: programme.data.courses,
    });
    if (!made.ok) throw new Error(JSON.stringify(made.fields));
    const aigerim = await person('Aigerim');
    await joinCohort(t.db, made.cohort, aigerim.id, { hidden: [], archived: [] });
    await submitAttempt(t.db, {
      userId: aigerim.id,
      course: other.slug,
      quizId: 'toc-quiz',
      quiz: other.quizzes['toc-quiz']!,
      answers: perfectAnswers,
      locale: 'en',
      idempotencyKey: `${id}-${aigerim.id}`,
    });
    const actor = { id: trainer.id, email: trainer.email, ip: '127.0.0.1' };
    return { cohort: made.cohort, programme, courses: [own, other], competencies, aigerim, actor };
  }

  it("shows, exports and lets a trainer set every competency of the programme, not only its course's", async () => {
    const { cohort, programme, courses, competencies, aigerim, actor } = await programmeFixture('path-matrix');
    const csv = await exportCohortCompetencies(t.db, {
      actor,
      cohort,
      programme,
      locale: 'en',
      chain: ['en'],
      competencies,
      courses,
    });
    expect(csv.body).toBe(
      '\uFEFF"Trainee";"Email";"Civic action";"Mapping";"Pitching"\r\n' +
        `"Aigerim";"${aigerim.email}";"Not started";"Not started";"Demonstrated"\r\n`,
    );
    // The page's columns and the choices of the form that sets a state by hand.
    const shown = matrixColumns(competencies, courses, matrixScope(cohort, programme)).map((c) => c.id);
    expect(shown).toEqual(['civic', 'maps', 'pitch']);
    const form = new FormData();
    for (const [k, v] of Object.entries({
      trainee: aigerim.id,
      competency: 'pitch',
      state: 'developing',
      comment: 'Redo',
    }))
      form.set(k, v);
    expect(await runCompetencySetting(t.db, actor, { cohortId: cohort.id, known: shown }, form)).toEqual({
      ok: true,
      message: 'competencies.set_done',
    });
    const page = await cohortMatrixPage(t.db, cohort.id, { competencies, courses }, { limit: 10, offset: 0 });
    expect(page.members[0]!.states.find((s) => s.competency === 'pitch')).toEqual({
      competency: 'pitch',
      state: 'developing',
      byHand: true,
    });
    expect(page.summary.pitch).toEqual({ 'not-started': 0, developing: 1, demonstrated: 0 });
  });

  it("takes the competencies the programme's file names, and the kept courses once the file is gone", async () => {
    const { cohort, programme, courses, competencies } = await programmeFixture('path-named');
    const columns = (p: Parameters<typeof matrixScope>[1]) =>
      matrixColumns(competencies, courses, matrixScope(cohort, p)).map((c) => c.id);
    expect(columns({ data: { ...programme.data, competencies: ['maps', 'pitch'] } })).toEqual(['maps', 'pitch']);
    expect(columns(undefined)).toEqual(['civic', 'maps', 'pitch']);
    // A cohort of the course alone keeps the course's competencies.
    expect(
      matrixColumns(competencies, courses, matrixScope({ course: cohort.course }, undefined)).map((c) => c.id),
    ).toEqual(['civic', 'maps']);
  });
});
