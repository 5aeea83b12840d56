/**
 * Peer review is anonymous both ways (decision 029): everything the peer pages show a trainee
 * (their round, each submission given to them with its files and rendered text, the reviews of
 * their own work) carries no other trainee's name, e-mail or account id. Four trainees hand in
 * through the domain, ask for work, review it, and then each one's view data is searched.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, type User } from '#lib/auth/user.server.ts';
import { listVersionFiles, storeSubmissionFile } from '#lib/assignments/files.server.ts';
import {
  findPeerWork,
  givePeerReview,
  peerStatus,
  requestPeerWork,
  type PeerKey,
} from '#lib/assignments/peer.server.ts';
import { peerReviewsOfMine } from '#lib/assignments/peer-feedback.server.ts';
import { handIn, openDraft, saveDraft } from '#lib/assignments/submissions.server.ts';
import { renderMarkdown } from '#lib/markdown/render.ts';
import { pdfBytes, submissionAssignment } from '../fixtures/submission.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const NAMES = ['Айгерім Сәрсенбаева', 'Daniyar Omarov', 'Мария Ковалёва', 'Нұрсұлтан Әбенов'];
const assignment = submissionAssignment({ review: { by: 'peer', reviewsPerSubmission: 2, reviewsPerTrainee: 2 } });

async function trainee(i: number): Promise<User> {
  const user = await createUser(t.db, {
    name: NAMES[i]!,
    email: `peer.anonymity.${i}.${Date.now()}@example.kz`,
    password: 'test user password',
    locale: 'en',
    region: null,
    organisation: null,
    role: 'learner',
  });
  if (!user) throw new Error('could not create a trainee');
  return user;
}

/** Hands in a text and a PDF; the text is the trainee's own words, without their name. */
async function handInWork(key: PeerKey, i: number): Promise<void> {
  await saveDraft(t.db, { ...key, body: `Street notes ${i}: a **wide** pavement, no shade.`, link: '' });
  const opened = await openDraft(t.db, key);
  if (!opened.ok) throw new Error(opened.error);
  const data = (async function* () {
    yield pdfBytes();
  })();
  const stored = await storeSubmissionFile(t.db, { ...key, draft: opened.draft, name: `notes-${i}.pdf`, data });
  if (!stored.ok) throw new Error(stored.error);
  const done = await handIn(t.db, { ...key, cohortId: null, now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
  if (!done.ok) throw new Error(done.error);
}

/** What /peer and /peer/<n> read for this trainee, with the submissions' text as the page renders it. */
async function viewOf(key: PeerKey) {
  const status = await peerStatus(t.db, key);
  const works = [];
  for (const a of status.allocations) {
    const work = await findPeerWork(t.db, key, a.n);
    if (!work) throw new Error(`allocation ${a.n} has no work`);
    const files = await listVersionFiles(t.db, work.version.id);
    works.push({ work, files, html: renderMarkdown(work.version.body) });
  }
  return { status, works, reviews: status.mayRead ? await peerReviewsOfMine(t.db, key) : [] };
}

it('shows no trainee the name, e-mail or id of another, on either side of the review', async () => {
  const users = await Promise.all(NAMES.map((_, i) => trainee(i)));
  const key = (u: User): PeerKey => ({ userId: u.id, course: 'toc', assignmentId: 'street', assignment });
  for (const [i, u] of users.entries()) await handInWork(key(u), i);
  for (const u of users) {
    const asked = await requestPeerWork(t.db, key(u));
    expect(asked.ok && asked.added).toBe(2);
  }
  for (const u of users)
    for (const n of [1, 2]) {
      const given = await givePeerReview(t.db, key(u), { n, levels: { coverage: 1, clarity: 1 }, comment: 'Good.' });
      expect(given.ok).toBe(true);
    }

  for (const me of users) {
    const view = await viewOf(key(me));
    // The view is the real thing: two works with their files to review, two reviews of my own to read.
    expect(view.works).toHaveLength(2);
    expect(view.works.every((w) => w.files.length === 1 && w.html.includes('<strong>wide</strong>'))).toBe(true);
    expect(view.reviews).toHaveLength(2);
    const seen = JSON.stringify(view);
    for (const other of users.filter((u) => u.id !== me.id)) {
      expect(seen, `${me.displayName} sees ${other.displayName}`).not.toContain(other.displayName);
      expect(seen).not.toContain(other.email);
      expect(seen).not.toContain(other.id);
    }
  }
});
