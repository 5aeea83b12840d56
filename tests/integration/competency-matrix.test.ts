/**
 * A cohort's competency matrix against a hand-computed fixture: the CSV download (Excel-safe,
 * in the reader's language), the page's figures and paging, and the kept states following
 * each write and each change of the rule (decision 052).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCohort, joinCohort } from '#lib/cohorts/cohorts.server.ts';
import { exportCohortCompetencies } from '#lib/reports/cohort-competencies.server.ts';
import { cohortMatrixPage } from '#lib/competencies/cohort.server.ts';
import { setCompetencyByHand } from '#lib/competencies/evidence.server.ts';
import { refreshKeptStates } from '#lib/competencies/kept.server.ts';
import { matrixColumns } from '#lib/competencies/matrix.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { listAudit } from '#lib/audit/audit.server.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
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

/** `civic` on the quiz's `capital` and `sdg` and on criterion `coverage`; `maps` on `term`. */
function courseWithCompetencies() {
  const course = structuredClone(learningCourse('matrix-course', { withAssignment: true }));
  for (const q of course.quizzes['toc-quiz']!.questions) {
    if (q.id === 'capital' || q.id === 'sdg') q.competencies = ['civic'];
    if (q.id === 'term') q.competencies = ['maps'];
  }
  course.assignments['stakeholder-map']!.rubric[0]!.competencies = ['civic'];
  return course;
}
const framework = [{ id: 'civic' }, { id: 'maps' }, { id: 'untouched' }];

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
 * Three members: Aigerim (a passed quiz, all right), Boris (passed, `term` wrong), and
 * "=Carol" (nothing, but a trainer set civic to demonstrated by hand), plus Dana who left.
 */
async function fixture() {
  const course = courseWithCompetencies();
  const trainer = await makeUser(t.db, 'trainer');
  const made = await createCohort(
    t.db,
    { name: 'Matrix', course: course.slug, startsOn: '', endsOn: '', applicationsOpenOn: '', applicationsCloseOn: '' },
    trainer.id,
  );
  if (!made.ok) throw new Error(JSON.stringify(made.fields));
  const [carol, boris, aigerim] = [await person('=Carol'), await person('Boris'), await person('Aigerim')];
  for (const u of [carol, boris, aigerim]) await joinCohort(t.db, made.cohort, u.id, { hidden: [], archived: [] });
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
  const actor = { id: trainer.id, email: trainer.email };
  await setCompetencyByHand(t.db, actor, {
    userId: carol.id,
    competency: 'civic',
    state: 'demonstrated',
    comment: 'Seminar',
  });
  return { course, trainer, actor, cohort: made.cohort, people: { aigerim, boris, carol } };
}

it('downloads the matrix as Excel-safe CSV in the reader language, matching the hand-computed fixture', async () => {
  const { course, actor, cohort, people } = await fixture();
  const columns = matrixColumns(framework, [course], course.slug).map((c) => ({ id: c.id, title: `T-${c.id}` }));
  expect(columns.map((c) => c.id)).toEqual(['civic', 'maps']);
  const input = { actor, cohortId: cohort.id, columns, competencies: framework, courses: [course] };
  const en = await exportCohortCompetencies(t.db, { ...input, locale: 'en' });
  expect(en.filename).toBe(`cohort-${cohort.id}-competencies.csv`);
  // Name order (`=` sorts first). civic needs criterion `coverage` too (no accepted work): developing
  // for both who passed.
  expect(en.body).toBe(
    '\uFEFF"Trainee";"Email";"T-civic";"T-maps"\r\n' +
      `"'=Carol";"${people.carol.email}";"Demonstrated (set by a trainer by hand)";"Not started"\r\n` +
      `"Aigerim";"${people.aigerim.email}";"Developing";"Demonstrated"\r\n` +
      `"Boris";"${people.boris.email}";"Developing";"Developing"\r\n`,
  );
  const ru = await exportCohortCompetencies(t.db, { ...input, locale: 'ru' });
  expect(ru.body.split('\r\n')[0]).toBe('\uFEFF"Слушатель";"Электронная почта";"T-civic";"T-maps"');
  expect(ru.body.split('\r\n')[1]).toContain('"Подтверждена (установлено тренером вручную)";"Не начата"');
  const kk = await exportCohortCompetencies(t.db, { ...input, locale: 'kk' });
  expect(kk.body.split('\r\n')[0]).toBe('\uFEFF"Тыңдаушы";"Электрондық пошта";"T-civic";"T-maps"');
  expect(kk.body.split('\r\n')).toHaveLength(5);
  const audit = await listAudit(t.db, { action: 'report.export', limit: 50, offset: 0 });
  expect(audit.rows.filter((r) => r.target === `cohort/${cohort.id}/competencies`)).toHaveLength(3);
});

it('pages the members and counts the whole cohort from kept states that follow each write and rule', async () => {
  const { course, actor, cohort, people } = await fixture();
  const rule = { competencies: framework, courses: [course] };
  const grid = (members: Awaited<ReturnType<typeof cohortMatrixPage>>['members']) =>
    members.map((m) => [m.name, ...m.states.map((s) => `${s.state}${s.byHand ? '*' : ''}`)]);
  const first = await cohortMatrixPage(t.db, cohort.id, rule, { limit: 2, offset: 0 });
  expect(first.total).toBe(3);
  expect(grid(first.members)).toEqual([
    ['=Carol', 'demonstrated*', 'not-started', 'not-started'],
    ['Aigerim', 'developing', 'demonstrated', 'not-started'],
  ]);
  expect(first.summary).toEqual({
    civic: { 'not-started': 0, developing: 2, demonstrated: 1 },
    maps: { 'not-started': 1, developing: 1, demonstrated: 1 },
    untouched: { 'not-started': 3, developing: 0, demonstrated: 0 },
  });
  const second = await cohortMatrixPage(t.db, cohort.id, rule, { limit: 2, offset: 2 });
  expect(grid(second.members)).toEqual([['Boris', 'developing', 'developing', 'not-started']]);
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
  ]);
  expect(after.summary.civic).toEqual({ 'not-started': 1, developing: 2, demonstrated: 0 });
  expect(after.summary.maps).toEqual({ 'not-started': 1, developing: 0, demonstrated: 2 });

  // The course changes (`term` no longer assesses maps): every member with evidence is derived again.
  const edited = structuredClone(course);
  for (const q of edited.quizzes['toc-quiz']!.questions) if (q.id === 'term') delete q.competencies;
  const newRule = { competencies: framework, courses: [edited] };
  expect(await refreshKeptStates(t.db, cohort.id, newRule)).toBe(3);
  const renewed = await cohortMatrixPage(t.db, cohort.id, newRule, { limit: 10, offset: 0 });
  expect(renewed.summary.maps).toEqual({ 'not-started': 2, developing: 0, demonstrated: 1 });

  // Leaving Oqu takes a member's rows with them (the triggers skip a user being deleted).
  await t.db.run(sql`DELETE FROM users WHERE id = ${people.aigerim.id}`);
  const left = await cohortMatrixPage(t.db, cohort.id, newRule, { limit: 10, offset: 0 });
  expect(left.total).toBe(2);
  const kept = await t.db.all(sql`SELECT 1 FROM competency_states WHERE user_id = ${people.aigerim.id}`);
  expect(kept).toEqual([]);
});
