/**
 * A course certificate says what its holder can do, from real evidence (decision 035): a trainee
 * whose work a trainer accepted and who then passes the course's quiz gets a certificate listing
 * the competencies they demonstrated in it (titles in the holder's language, and in Kazakh on the
 * bilingual PDF, read back with poppler), and a credential whose alignments name the framework
 * (`targetFramework`) and the competency (`targetCode`); a trainee whose accepted work falls short
 * on the criterion of a competency gets only what the quiz demonstrated.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decideFromReviewPage } from '#lib/assignments/review-decision.server.ts';
import type { DecisionContext } from '#lib/assignments/reviews.server.ts';
import { handIn, saveDraft } from '#lib/assignments/submissions.server.ts';
import { listCertificates, findCertificate } from '#lib/certificates/certificates.server.ts';
import { publicJwks, type OpenBadgeCredential } from '#lib/certificates/credential.ts';
import { renderStoredCertificate } from '#lib/certificates/render.server.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import { verifyCredentialJwt } from '#lib/certificates/verify.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import { frameworkSchema } from '#lib/courses/framework-schema.ts';
import { finishLesson, submitQuiz } from '#lib/learning/learning.server.ts';
import { sampleQuiz } from '../fixtures/quiz.ts';
import { rightAnswers } from '../helpers/quiz-answers.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { courseWithCompetencies } from './competency-course.ts';
import { testSite, useTemporarySigningKeys } from './learning-course.ts';

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  useTemporarySigningKeys();
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'oqu-competency-certificate-'));
});
afterAll(async () => {
  await t?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const framework = {
  id: 'civic-skills',
  data: frameworkSchema.parse({
    version: '1',
    title: { kk: 'Азаматтық дағдылар', ru: 'Гражданские навыки', en: 'Civic skills' },
    description: { kk: 'Белсенді не істей алады.', ru: 'Что умеет активист.', en: 'What an activist can do.' },
    competencies: [
      {
        id: 'civic',
        title: { kk: 'Азаматтық қатысу', ru: 'Гражданское участие', en: 'Civic action' },
        description: { kk: 'Шешімге қатысады.', ru: 'Участвует в решениях.', en: 'Takes part in decisions.' },
      },
      {
        id: 'maps',
        title: { kk: 'Картаға түсіру', ru: 'Картирование', en: 'Mapping' },
        description: { kk: 'Мүдделі тараптарды картаға түсіреді.', ru: 'Картирует стороны.', en: 'Maps stakeholders.' },
      },
      {
        id: 'untouched',
        title: { kk: 'Қозғалмаған', ru: 'Нетронутая', en: 'Untouched' },
        description: { kk: 'Ешнәрсе бағаламайды.', ru: 'Ничто не оценивает.', en: 'Nothing assesses it.' },
      },
    ],
  }),
};

/** civic: questions capital, sdg and criterion coverage; maps: question term; untouched: nothing. */
const course: CatalogCourse = { ...courseWithCompetencies('civic-certificate'), frameworks: [framework] };

const context: DecisionContext & { site: typeof testSite } = {
  mailer: { kind: 'log', send: async () => undefined },
  siteName: () => 'Oqu',
  assignmentUrl: () => 'https://oqu.example.kz/',
  site: testSite,
};

/** Hands in the stakeholder map, which a trainer accepts with `coverage` (civic's criterion) at this level of 3. */
async function work(learner: Awaited<ReturnType<typeof makeUser>>, coverage: number) {
  const trainer = await makeUser(t.db, 'trainer');
  const assignment = course.assignments['stakeholder-map']!;
  const key = { userId: learner.id, course: course.slug, assignmentId: 'stakeholder-map' };
  await saveDraft(t.db, { ...key, assignment, body: 'The akimat, residents and two NGOs.', link: '' });
  const handed = await handIn(t.db, { ...key, assignment });
  if (!('submission' in handed)) throw new Error(JSON.stringify(handed));
  const form = new FormData();
  for (const [k, v] of Object.entries({
    revision: String(handed.submission.revision),
    decision: 'accept',
    'level-coverage': String(coverage),
    'level-interest': '3',
    'level-next-steps': '3',
  }))
    form.set(k, v);
  const decided = await decideFromReviewPage(
    t.db,
    { submissionId: handed.submission.id, form, assignment, course, reviewer: trainer },
    context,
  );
  expect(decided, JSON.stringify(decided)).toMatchObject({ ok: true, decision: 'accept' });
}

/** Lessons done and the quiz passed, as the pages do it: the course completes and its certificate is issued. */
async function completeCourse(learner: Awaited<ReturnType<typeof makeUser>>) {
  expect(await finishLesson(t.db, { learner, course, lesson: 'first' }, context)).toMatchObject({ ok: true });
  const fields = rightAnswers(sampleQuiz);
  const passed = await submitQuiz(
    t.db,
    { learner, course, quizId: 'toc-quiz', lesson: 'second', locale: 'en', fields },
    context,
  );
  expect(passed).toMatchObject({ ok: true, courseCompletedNow: true });
  const [certificate] = (await listCertificates(t.db, learner.id)).filter((c) => c.course === course.slug);
  return certificate!;
}

async function pdfText(code: string): Promise<string> {
  const file = join(dir, `${code}.pdf`);
  writeFileSync(file, await renderStoredCertificate((await findCertificate(t.db, code))!, testSite));
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split(/\s+/).join(' ');
}

it('lists the competencies demonstrated with the evidence earned: record, PDF and credential', async () => {
  const learner = await makeUser(t.db);
  await work(learner, 2);
  const certificate = await completeCourse(learner);
  expect(certificate.competencies).toEqual(['Civic action', 'Mapping']);
  // Bilingual by default (decision 048): Kazakh and the holder's English, each with the competencies.
  expect(certificate.editions?.map((e) => [e.locale, e.competencies])).toEqual([
    ['kk', ['Азаматтық қатысу', 'Картаға түсіру']],
    ['en', ['Civic action', 'Mapping']],
  ]);
  const text = await pdfText(certificate.code);
  for (const title of ['Civic action', 'Mapping', 'Азаматтық қатысу', 'Картаға түсіру']) expect(text).toContain(title);
  expect(text).not.toContain('Untouched');

  const keys = await hostSigningKeys();
  const result = await verifyCredentialJwt(certificate.credential, publicJwks(keys, testSite.baseUrl));
  expect(result.valid).toBe(true);
  const vc = (result as { credential: OpenBadgeCredential }).credential;
  expect(vc.credentialSubject.achievement.alignment).toEqual([
    {
      type: ['Alignment'],
      targetType: 'ceasn:Competency',
      targetName: 'Civic action',
      targetUrl: 'https://oqu.example.kz/en/competencies/civic-skills#civic',
      targetFramework: 'Civic skills',
      targetCode: 'civic',
      targetDescription: 'Takes part in decisions.',
    },
    {
      type: ['Alignment'],
      targetType: 'ceasn:Competency',
      targetName: 'Mapping',
      targetUrl: 'https://oqu.example.kz/en/competencies/civic-skills#maps',
      targetFramework: 'Civic skills',
      targetCode: 'maps',
      targetDescription: 'Maps stakeholders.',
    },
  ]);
});

it("lists only what the quiz demonstrated when the work's civic criterion is below its pass level", async () => {
  const learner = await makeUser(t.db);
  await work(learner, 1);
  const certificate = await completeCourse(learner);
  expect(certificate.competencies).toEqual(['Mapping']);
  const text = await pdfText(certificate.code);
  expect(text).toContain('Mapping');
  expect(text).not.toContain('Civic action');
});
