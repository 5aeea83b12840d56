/**
 * Programmes against a real libSQL file (decision 047): progress along a two-course path, the
 * programme certificate issued exactly once when the last course completes (also under
 * concurrent completions), listing the competencies demonstrated in its courses, and its
 * credential: an OpenBadgeCredential of its own that verifies with the host's keys, passes the
 * 1EdTech OB 3.0 schema and carries the alignments to the public framework page. A cohort that
 * follows the programme takes applications in its window and enrols an accepted applicant in
 * every course of the path; its trainer sees each member's progress along it. A programme whose
 * rule names a session or a piece of work is complete only once it is attended or accepted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicJwks, type OpenBadgeCredential } from '#lib/certificates/credential.ts';
import { listCertificates } from '#lib/certificates/certificates.server.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import { verifyCredentialJwt } from '#lib/certificates/verify.ts';
import type { CatalogCourse, CatalogProgramme } from '#lib/courses/catalog.ts';
import { frameworkSchema } from '#lib/courses/framework-schema.ts';
import { programmeSchema } from '#lib/courses/programme-schema.ts';
import { finishLesson, submitQuiz } from '#lib/learning/learning.server.ts';
import { certifyProgramme, programmeCertificate } from '#lib/programmes/award.server.ts';
import { getProgrammeProgress, groupProgress, listStartedProgrammes } from '#lib/programmes/progress.server.ts';
import { startCohort } from '#lib/cohorts/actions.server.ts';
import { reissueByAdmin } from '#lib/admin/certificates.server.ts';
import { decideApplication, joinCohort } from '#lib/cohorts/cohorts.server.ts';
import { getEnrolment } from '#lib/progress/progress.server.ts';
import { kazakhstanDate } from '#lib/time/dates.ts';
import { programmeCourses } from '#lib/reports/programme.server.ts';
import { eventSignups, events } from '#db/schema.ts';
import { createId } from '#db/ids.ts';
import { completeAfterAttendance } from '#lib/events/attendance.server.ts';
import { markAttendance } from '#lib/events/signups.server.ts';
import { decideFromReviewPage } from '#lib/assignments/review-decision.server.ts';
import type { DecisionContext } from '#lib/assignments/reviews.server.ts';
import { handIn, saveDraft } from '#lib/assignments/submissions.server.ts';
import { sampleQuiz } from '../fixtures/quiz.ts';
import { rightAnswers } from '../helpers/quiz-answers.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse, testSite, useTemporarySigningKeys } from './learning-course.ts';

let t: TestDatabase;
beforeAll(async () => {
  useTemporarySigningKeys();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const three = (en: string) => ({ kk: `${en} (kk)`, ru: `${en} (ru)`, en });
const framework = {
  id: 'civic-skills',
  data: frameworkSchema.parse({
    version: '1',
    title: three('Civic skills'),
    description: three('What a civic activist can do.'),
    competencies: [
      { id: 'civic', title: three('Map a city'), description: three('Maps who decides.') },
      { id: 'never', title: three('Never assessed'), description: three('Nothing assesses it.') },
    ],
  }),
};

/** Two learning courses whose quiz question `capital` assesses `civic`, joined into one programme. */
function twoCoursePath(id: string): CatalogProgramme {
  const course = (slug: string): CatalogCourse => {
    const c = structuredClone(learningCourse(slug));
    c.quizzes['toc-quiz']!.questions.find((q) => q.id === 'capital')!.competencies = ['civic'];
    return { ...c, frameworks: [framework] };
  };
  const courses = [course(`${id}-a`), course(`${id}-b`)];
  const programme: CatalogProgramme = {
    id,
    data: programmeSchema.parse({
      version: '1',
      title: three('Civic path'),
      description: three('Two courses, one certificate.'),
      field: 'urbanism',
      courses: courses.map((c) => c.slug),
      hours: 10,
    }),
    courses,
  };
  for (const c of courses) c.programmes = [programme];
  return programme;
}

const context = { site: testSite };
async function completeCourse(learner: Awaited<ReturnType<typeof makeUser>>, course: CatalogCourse) {
  await finishLesson(t.db, { learner, course, lesson: 'first' }, context);
  const fields = rightAnswers(sampleQuiz);
  return submitQuiz(t.db, { learner, course, quizId: 'toc-quiz', lesson: 'second', locale: 'en', fields }, context);
}

describe('a two-course programme', () => {
  it('shows progress along the path and certifies once, when the last course completes', async () => {
    const programme = twoCoursePath('civic-path');
    const [first, second] = programme.courses as [CatalogCourse, CatalogCourse];
    const learner = await makeUser(t.db);
    expect(await getProgrammeProgress(t.db, learner.id, programme)).toMatchObject({ started: false, percent: 0 });
    expect(await listStartedProgrammes(t.db, learner.id, [programme])).toEqual([]);

    await completeCourse(learner, first);
    const half = await getProgrammeProgress(t.db, learner.id, programme);
    expect(half).toMatchObject({ started: true, complete: false, percent: 50, missingCourses: [second.slug] });
    expect(await programmeCertificate(t.db, learner.id, programme.id)).toBeNull();

    await finishLesson(t.db, { learner, course: second, lesson: 'first' }, context);
    expect((await getProgrammeProgress(t.db, learner.id, programme)).percent).toBe(75);
    await completeCourse(learner, second);
    const done = await getProgrammeProgress(t.db, learner.id, programme);
    expect(done).toMatchObject({ complete: true, percent: 100, missingCourses: [] });
    const certificate = await programmeCertificate(t.db, learner.id, programme.id);
    expect(certificate).toMatchObject({
      course: 'programme:civic-path',
      courseTitle: 'Civic path',
      hours: 10,
      competencies: ['Map a city'],
    });

    // Completing again, and twenty concurrent checks, issue nothing more.
    await completeCourse(learner, second);
    const again = await Promise.all(
      Array.from({ length: 20 }, () => certifyProgramme(t.db, learner, programme, testSite)),
    );
    expect(again.filter((r) => r.issuedNow)).toEqual([]);
    const all = await listCertificates(t.db, learner.id);
    expect(all.filter((c) => c.course === 'programme:civic-path')).toHaveLength(1);
    expect(all.map((c) => c.course).sort()).toEqual(['civic-path-a', 'civic-path-b', 'programme:civic-path']);
    // A name correction re-issues it as a programme certificate, keeping the competencies.
    const reissued = await reissueByAdmin(t.db, certificate!.code, { site: testSite, courses: programme.courses });
    expect(reissued).toMatchObject({
      ok: true,
      certificate: { course: 'programme:civic-path', courseTitle: 'Civic path', competencies: ['Map a city'] },
    });
    // The programme report's courses: a programme certificate is not a course removed from the site.
    const shelf = programme.courses.map((c) => ({ slug: c.slug, field: 'urbanism', title: 'Theory of change' }));
    const covered = await programmeCourses(t.db, shelf, testSite.courses);
    expect(covered.map((c) => c.course)).not.toContain('programme:civic-path');
  });

  it("issues an OpenBadgeCredential of the programme's own that verifies and passes the OB 3.0 schema", async () => {
    const programme = twoCoursePath('civic-way');
    const learner = await makeUser(t.db);
    for (const course of programme.courses) await completeCourse(learner, course);
    const certificate = (await programmeCertificate(t.db, learner.id, programme.id))!;
    const keys = await hostSigningKeys();
    const result = await verifyCredentialJwt(certificate.credential, publicJwks(keys, testSite.baseUrl));
    expect(result.valid).toBe(true);
    const vc = (result as { credential: OpenBadgeCredential }).credential;
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    const achievement = vc.credentialSubject.achievement;
    expect(achievement).toMatchObject({
      id: 'https://oqu.example.kz/programmes/civic-way#achievement',
      name: 'Civic path',
      creditsAvailable: 10,
      criteria: { narrative: expect.stringMatching(/Complete the courses: Theory of change, Theory of change/) },
    });
    expect(achievement.alignment).toEqual([
      {
        type: ['Alignment'],
        targetType: 'ceasn:Competency',
        targetName: 'Map a city',
        targetUrl: 'https://oqu.example.kz/en/competencies/civic-skills#civic',
        targetFramework: 'Civic skills',
        targetCode: 'civic',
        targetDescription: 'Maps who decides.',
      },
    ]);
    const fixtures = join(import.meta.dirname, '../fixtures/certificates');
    const schema = JSON.parse(readFileSync(join(fixtures, 'ob-v3p0-credential.schema.json'), 'utf8')) as object;
    const ajv = new Ajv2019({ allErrors: true, strict: true, strictTuples: false, strictRequired: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(vc), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("a cohort's programme table", () => {
  it('reads every member and course of the path in one statement, as each member alone would see it', async () => {
    const programme = twoCoursePath('table-path');
    const [first, second] = programme.courses as [CatalogCourse, CatalogCourse];
    const [a, b, c] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    await completeCourse(a, first);
    await completeCourse(a, second);
    await finishLesson(t.db, { learner: b, course: second, lesson: 'first' }, context);
    const members = [a, b, c].map((u) => ({ userId: u.id, name: u.displayName }));
    const statements: unknown[] = [];
    const execute = t.db.$client.execute.bind(t.db.$client);
    t.db.$client.execute = ((...args: Parameters<typeof execute>) => {
      statements.push(args[0]);
      return execute(...args);
    }) as typeof execute;
    let rows;
    try {
      rows = await groupProgress(t.db, members, programme);
    } finally {
      t.db.$client.execute = execute;
    }
    expect(statements).toHaveLength(1);
    expect(rows.map((r) => r.member)).toEqual(members);
    expect(rows.map((r) => [r.progress.percent, r.progress.complete, r.progress.started])).toEqual([
      [100, true, true],
      [25, false, true],
      [0, false, false],
    ]);
  });
});

describe('a programme whose rule names a session', () => {
  it('is complete, and certified, once a session of its courses with that name is attended', async () => {
    const programme = twoCoursePath('named-path');
    programme.data = programmeSchema.parse({ ...programme.data, completion: { sessions: { named: ['kickoff'] } } });
    const [first, second] = programme.courses as [CatalogCourse, CatalogCourse];
    const learner = await makeUser(t.db);
    await completeCourse(learner, first);
    await completeCourse(learner, second);
    // Courses 2 × 100, the kickoff 0: 200 / 3 = 66 %.
    expect(await getProgrammeProgress(t.db, learner.id, programme)).toMatchObject({
      complete: false,
      percent: 66,
      requiredNamedSessions: ['kickoff'],
      missingNamedSessions: ['kickoff'],
    });
    expect(await programmeCertificate(t.db, learner.id, programme.id)).toBeNull();

    // A session of the second course without the name does not count; the one named "kickoff" does.
    const session = async (sessionKey: string | null) => {
      const id = createId();
      const at = new Date('2026-11-10T05:00:00Z');
      await t.db.insert(events).values({
        id,
        kind: 'seminar',
        title: { en: 'Kickoff' },
        description: {},
        startsAt: at,
        endsAt: new Date(at.getTime() + 3600_000),
        capacity: 10,
        audience: 'everyone',
        course: second.slug,
        sessionKey,
        createdAt: at,
      });
      await t.db
        .insert(eventSignups)
        .values({ eventId: id, userId: learner.id, status: 'signed_up', position: 1, signedUpAt: at, updatedAt: at });
      await markAttendance(t.db, { id }, [{ userId: learner.id, mark: 'present' }]);
      const person = { userId: learner.id, email: learner.email, name: learner.displayName, locale: 'en' as const };
      await completeAfterAttendance(t.db, { course: second.slug }, [person], {
        learning: context,
        findCourse: async (slug) => programme.courses.find((c) => c.slug === slug),
      });
    };
    await session(null);
    expect((await getProgrammeProgress(t.db, learner.id, programme)).missingNamedSessions).toEqual(['kickoff']);
    await session('kickoff');
    expect(await getProgrammeProgress(t.db, learner.id, programme)).toMatchObject({
      complete: true,
      percent: 100,
      missingNamedSessions: [],
    });
    expect(await programmeCertificate(t.db, learner.id, programme.id)).toMatchObject({
      course: 'programme:named-path',
    });
  });
});

describe('a cohort following a programme', () => {
  it('takes applications in its window; an accepted applicant is enrolled in every course of the path', async () => {
    const programme = twoCoursePath('group-path');
    const [first, second] = programme.courses as [CatalogCourse, CatalogCourse];
    const trainer = await makeUser(t.db, 'trainer');
    const actor = { id: trainer.id, email: trainer.email, ip: '127.0.0.1' };
    const path = [{ id: programme.id, courses: programme.data.courses }];
    const values = {
      name: 'Trainer programme 2027',
      course: second.slug,
      programme: programme.id,
      startsOn: '',
      endsOn: '',
    };
    // The programme must run through the cohort's course.
    const elsewhere = await startCohort(t.db, actor, { ...values, course: 'other' }, ['other'], path);
    expect(elsewhere).toEqual({ ok: false, fields: { programme: 'cohort.error.programme' } });
    const today = kazakhstanDate(new Date());
    const window = { applicationsOpenOn: today, applicationsCloseOn: today };
    const started = await startCohort(t.db, actor, { ...values, ...window }, [second.slug], path);
    if (!started.ok) throw new Error(JSON.stringify(started));
    expect(started.cohort).toMatchObject({ programme: 'group-path', programmeCourses: [first.slug, second.slug] });

    const applicant = await makeUser(t.db);
    expect(await joinCohort(t.db, started.cohort, applicant.id, testSite.courses)).toBe('applied');
    expect(await getEnrolment(t.db, applicant.id, first.slug)).toBeNull();
    expect(await decideApplication(t.db, started.cohort, applicant.id, true, testSite.courses)).toBe(true);
    for (const course of programme.courses) expect(await getEnrolment(t.db, applicant.id, course.slug)).not.toBeNull();

    await completeCourse(applicant, first);
    const rows = await groupProgress(t.db, [{ userId: applicant.id, name: 'A' }], programme);
    expect(rows.map((r) => [r.progress.percent, r.progress.courses.map((c) => c.complete)])).toEqual([
      [50, [true, false]],
    ]);
  });
});

describe('a programme whose rule names a piece of work', () => {
  /**
   * The first course carries the stakeholder map but does not require it; the programme does: the
   * programme is complete, and certified, only once a trainer accepts that work.
   */
  it('is complete, and certified, when a trainer accepts the work, not before', async () => {
    const programme = twoCoursePath('work-path');
    const first = structuredClone(
      learningCourse('work-path-a', { withAssignment: true, completion: { assignments: [] } }),
    );
    first.quizzes['toc-quiz']!.questions.find((q) => q.id === 'capital')!.competencies = ['civic'];
    const withWork: CatalogCourse = { ...first, frameworks: [framework], programmes: [programme] };
    programme.courses = [withWork, programme.courses[1]!];
    programme.data = programmeSchema.parse({
      ...programme.data,
      completion: { assignments: [{ course: withWork.slug, assignment: 'stakeholder-map' }] },
    });
    const second = programme.courses[1]!;
    const learner = await makeUser(t.db);
    const trainer = await makeUser(t.db, 'trainer');
    await completeCourse(learner, withWork);
    await completeCourse(learner, second);
    // Courses 2 × 100, the work 0: 200 / 3 = 66 %.
    expect(await getProgrammeProgress(t.db, learner.id, programme)).toMatchObject({
      complete: false,
      percent: 66,
      missingCourses: [],
      missingAssignments: [{ course: withWork.slug, assignment: 'stakeholder-map' }],
    });
    expect(await programmeCertificate(t.db, learner.id, programme.id)).toBeNull();

    const assignment = withWork.assignments['stakeholder-map']!;
    const key = { userId: learner.id, course: withWork.slug, assignmentId: 'stakeholder-map' };
    await saveDraft(t.db, { ...key, assignment, body: 'Residents, the akimat and two NGOs.', link: '' });
    const handed = await handIn(t.db, { ...key, assignment });
    if (!('submission' in handed)) throw new Error(JSON.stringify(handed));
    // Handed in is not accepted.
    expect((await getProgrammeProgress(t.db, learner.id, programme)).complete).toBe(false);
    const accept = (revision: number) => {
      const form = new FormData();
      for (const [k, v] of Object.entries({
        revision: String(revision),
        decision: 'accept',
        comment: 'Clear map.',
        'level-coverage': '3',
        'level-interest': '3',
        'level-next-steps': '3',
      }))
        form.set(k, v);
      return form;
    };
    const reviewContext: DecisionContext & typeof context = {
      ...context,
      mailer: { kind: 'log', send: async () => undefined },
      siteName: () => 'Oqu',
      assignmentUrl: () => 'https://oqu.example.kz/',
    };
    const decided = await decideFromReviewPage(
      t.db,
      {
        submissionId: handed.submission.id,
        form: accept(handed.submission.revision),
        assignment,
        course: withWork,
        reviewer: trainer,
      },
      reviewContext,
    );
    expect(decided, JSON.stringify(decided)).toMatchObject({ ok: true, decision: 'accept' });
    expect(await getProgrammeProgress(t.db, learner.id, programme)).toMatchObject({
      complete: true,
      percent: 100,
      missingAssignments: [],
    });
    expect(await programmeCertificate(t.db, learner.id, programme.id)).toMatchObject({
      course: 'programme:work-path',
      competencies: ['Map a city'],
    });
  });
});
