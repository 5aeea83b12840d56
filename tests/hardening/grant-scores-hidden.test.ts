/**
 * Nobody sees a jury's scores before the admin closes scoring, read in the HTML the real server
 * sends: the applicant's proposal page and list, each juror's list and proposal page (their own
 * score only), the call's public page and the admin's call and proposal pages. Two jurors scored the
 * learner's proposal (the trainer and the other trainer, with comments and points that appear
 * nowhere else). Once the admin closes scoring, a juror's page shows both scores: the same
 * check that found nothing before finds them after, so it can fail; the admin's proposal page
 * then shows each score with its juror's name.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { grantJurors, grantScores } from '#db/schema.ts';
import { DEFAULT_RUBRIC } from '#lib/grants/form-schema.ts';
import { GRANTS, seedGrants } from './lib/grants.ts';
import { createWorld, type Role, type World } from './lib/world.ts';

let w: World;
/** The trainer's seeded score is 20 points with this comment; the other trainer's is 7 points. */
const TRAINER_COMMENT = 'SECRET-SCORE-COMMENT';
const OTHER_COMMENT = 'OTHER-JUROR-COMMENT-Q7';
const points = (n: number) => new RegExp(`points: ${n}\\b`);

beforeAll(async () => {
  w = await createWorld('grant-scores', {
    sessions: 4,
    beforeStart: async (db, [learner, otherLearner, trainer, otherTrainer]) => {
      await seedGrants(db, { learnerId: learner!.id, otherLearnerId: otherLearner!.id, trainerId: trainer!.id });
      await db
        .insert(grantJurors)
        .values({ callId: GRANTS.scoringCall, userId: otherTrainer!.id, addedAt: new Date() });
      await db.insert(grantScores).values({
        proposalId: GRANTS.proposal,
        jurorId: otherTrainer!.id,
        levels: Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.id, 1])),
        points: 7,
        comment: OTHER_COMMENT,
        scoredAt: new Date(),
      });
    },
  });
});
afterAll(async () => {
  await w?.close();
});

const page = async (role: Role, url: string) => {
  const res = await w.http.get(url, { cookie: w.cookie(role) });
  expect(res.status, `${url} as ${role}`).toBe(200);
  // Read as text: the apostrophes of the headings are escaped in the HTML.
  return res.text
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
};
const proposalPage = `/en/grants/proposals/${GRANTS.proposal}`;
const juryList = `/en/grants/${GRANTS.scoringCall}/jury/`;
const juryPage = `/en/grants/${GRANTS.scoringCall}/jury/${GRANTS.proposal}`;
const adminProposal = `/en/admin/grants/${GRANTS.scoringCall}/proposals/${GRANTS.proposal}`;

test('before closing: the applicant, each juror (but for their own score) and the admin see no scores', async () => {
  for (const url of [proposalPage, '/en/grants/', `/en/grants/${GRANTS.scoringCall}/`]) {
    const html = await page('learner', url);
    for (const secret of [TRAINER_COMMENT, OTHER_COMMENT, points(20), points(7), /The jury's scores/])
      expect(html, `${url}: ${secret}`).not.toMatch(secret);
  }
  for (const [juror, own, others] of [
    ['trainer', 20, [OTHER_COMMENT, points(7)]],
    ['otherTrainer', 7, [TRAINER_COMMENT, points(20)]],
  ] as const) {
    const html = await page(juror, juryPage);
    expect(html).toMatch(new RegExp(`your score, points: ${own}\\b`));
    for (const secret of [...others, /All the jury's scores/]) expect(html, `${juror}: ${secret}`).not.toMatch(secret);
    const list = await page(juror, juryList);
    for (const secret of others) expect(list, `${juror} list: ${secret}`).not.toMatch(secret);
  }
  for (const url of [`/en/admin/grants/${GRANTS.scoringCall}`, adminProposal]) {
    const admin = await page('admin', url);
    for (const secret of [TRAINER_COMMENT, OTHER_COMMENT, points(20), points(7)]) expect(admin).not.toMatch(secret);
  }
  expect(await page('admin', adminProposal)).toContain('No shade where older people sit');
  expect((await w.http.get(`/en/grants/${GRANTS.scoringCall}/results`)).status).toBe(404);
});

test('after the admin closes scoring the jurors see every score, anonymised', async () => {
  const closed = await w.http.request('POST', `/en/admin/grants/${GRANTS.scoringCall}`, {
    cookie: w.cookie('admin'),
    body: { intent: 'advance', from: 'scoring' },
  });
  expect(closed.status).toBe(200);
  const html = await page('trainer', juryPage);
  expect(html).toMatch(/All the jury's scores/);
  for (const seen of [TRAINER_COMMENT, OTHER_COMMENT, points(20), points(7)]) expect(html).toMatch(seen);
  expect(html).not.toContain(w.users.otherTrainer.name);
  const admin = await page('admin', adminProposal);
  for (const seen of [TRAINER_COMMENT, OTHER_COMMENT, points(20), points(7), w.users.otherTrainer.name])
    expect(admin).toMatch(seen);
});
