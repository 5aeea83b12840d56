/**
 * 4. Authorisation matrix: every route file under src/pages × every kind of visitor × every
 * method it answers (and POST, where it does not declare one), against the real server. The
 * list of routes is generated (lib/routes.ts); the test fails when a route file has no row
 * in the table below, so a new page cannot be forgotten.
 *
 * Visitors: anonymous, a learner (who owns the quiz attempt and certificate the URLs point
 * at), another learner, a trainer (assigned to urbanism, creator of the urbanism cohort),
 * another course's trainer (assigned to social entrepreneurship only), an admin. Where a
 * route does not look at course assignment, another course's trainer behaves exactly like a
 * trainer; the otherTrainer column is where assignment shows (cohorts, the cohort form).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSigningKeys } from '#lib/certificates/keys.ts';
import { signBundleRequest } from '#lib/course-feed/bundle-request.ts';
import { courseInfo, passingForm, randomKey } from './lib/courses.ts';
import { openFile } from './lib/db.ts';
import { formatHistogram, statusHistogram, type HttpResponse, type Method } from './lib/http.ts';
import { leakIn } from './lib/checks.ts';
import { listRouteFiles } from './lib/routes.ts';
import { databaseFile } from './lib/server.ts';
import { firstAssignment, seedSubmissionFile } from './lib/submissions.ts';
import { seedDiscussionThread } from './lib/discussions.ts';
import { GRANTS, seedGrants } from './lib/grants.ts';
import { createWorld, ROLES, type Role, type World } from './lib/world.ts';

/** Statuses in ROLES order: anonymous, learner, otherLearner, trainer, otherTrainer, admin. */
type Row = [number, number, number, number, number, number];
const all = (s: number): Row => [s, s, s, s, s, s];
const signedIn = (anonymous: number, user: number): Row => [anonymous, user, user, user, user, user];

/** One request of the matrix and what it answered. */
interface Observation {
  route: string;
  method: Method;
  role: Role;
  status: number;
  expected: number;
}
const describeMismatch = (o: Observation) =>
  `${o.method} ${o.route} as ${o.role}: ${o.status} (expected ${o.expected})`;

interface Expectation {
  /** The concrete URL (dynamic segments mapped to real values). */
  url: (w: World) => string;
  /** Expected status per method; a method the file answers must be listed. */
  expect: Partial<Record<Method, Row>>;
  /** Body of a POST (urlencoded). */
  body?: (role: Role, w: World) => Record<string, string> | URLSearchParams;
  /** The request ends the session it is sent with: use a fresh one each time. */
  freshSession?: boolean;
  /** GET of the same route with an id that does not exist: refused as before, or not found. */
  missing?: { url: string; expect: Row };
  note?: string;
}

const urbanism = courseInfo('urbanism');
/** The learner's handed-in work in urbanism has this file (seeded before the server starts). */
const learnerFileId = 'authzlearnerfile01';
/** An urbanism assignment, once the course has one; until then its page is asked for one that does not exist. */
const urbanismAssignment = firstAssignment('urbanism');
const quizHost = Object.values(urbanism.quizzes)[0]!;
/** A social-entrepreneurship session for the course's trainees, seeded before the server starts. */
const authzEventId = 'authzevent01';
let registrations = 0;
/** A thread the learner started on creative-industries' board, and its first post (seeded before the server starts). */
const discussionThreadId = 'authzthread01';
const discussionPostId = 'authzpost01';

/**
 * THE TABLE. Keys are route files under src/pages. 303 for anonymous means "to the sign-in
 * page" (checked). POST on a page that does not handle it renders the page as GET does;
 * POST on an endpoint without a POST handler is Astro's 404.
 */
const TABLE: Record<string, Expectation> = {
  '.well-known/jwks.json.ts': { url: () => '/.well-known/jwks.json', expect: { GET: all(200), POST: all(404) } },
  // Public: the signed list of the courses this host shares with other Oqu hosts (decision 054).
  '.well-known/oqu-courses.json.ts': {
    url: () => '/.well-known/oqu-courses.json',
    expect: { GET: all(200), POST: all(404) },
  },
  // Only for a trusted partner host's signed request (decision 060): a bundle holds trainer notes and answer
  // keys, so every signed-in role and a visitor get 401 (200 for all before), also for a course not shared.
  // A trusted host's token is tested in tests/integration/course-feed.test.ts and tests/e2e/course-feed.test.ts.
  'course-bundles/[file].ts': {
    url: () => '/course-bundles/urbanism.oqu-course.json.gz',
    expect: { GET: all(401), POST: all(404) },
    missing: { url: '/course-bundles/example-course.oqu-course.json.gz', expect: all(401) },
  },
  '404.astro': { url: () => '/404', expect: { GET: all(404), POST: all(404) } },
  // /500 is the page Astro renders for errors; asked for directly it must not answer 5xx (monitoring
  // counts every 5xx as an incident, and fuzzing found it): not found, like any other unknown path.
  '500.astro': {
    url: () => '/500',
    expect: { GET: all(404), POST: all(404) },
    note: 'answered 500 before the fix (docs/hardening.md, bug 2)',
  },
  '[locale]/account.astro': {
    url: () => '/en/account',
    expect: { GET: signedIn(303, 200), POST: signedIn(303, 200) },
    body: (role, w) => ({
      intent: 'profile',
      name: role === 'anonymous' ? 'Nobody' : w.users[role].name,
      locale: 'en',
    }),
  },
  // No id in the address: each user downloads only their own data (checked in tests/integration/privacy.test.ts).
  '[locale]/account/data.json.ts': {
    url: () => '/en/account/data.json',
    expect: { GET: signedIn(303, 200), POST: all(404) },
  },
  '[locale]/account/competencies.astro': {
    url: () => '/en/account/competencies',
    expect: { GET: signedIn(303, 200), POST: signedIn(303, 200) },
  },
  // Public: the targetUrl of the alignments in every credential (decision 034).
  '[locale]/competencies/[framework].astro': {
    url: () => '/en/competencies/social-innovation',
    expect: { GET: all(200), POST: all(200) },
    missing: { url: '/en/competencies/no-such-framework', expect: all(404) },
  },
  '[locale]/admin/index.astro': {
    url: () => '/en/admin/',
    expect: { GET: [303, 403, 403, 403, 403, 200], POST: [303, 403, 403, 403, 403, 200] },
    // Everyone but the admin tries to make the target an admin; the admin sets it to learner.
    body: (role) => ({ intent: 'role', email: 'target@oqu.test', role: role === 'admin' ? 'learner' : 'admin' }),
  },
  '[locale]/admin/audit.astro': {
    url: () => '/en/admin/audit',
    expect: { GET: [303, 403, 403, 403, 403, 200], POST: [303, 403, 403, 403, 403, 200] },
  },
  // No partner hosts in the test site: the admin's install is refused (400) before anything is fetched.
  '[locale]/admin/partner-courses.astro': {
    url: () => '/en/admin/partner-courses',
    expect: { GET: [303, 403, 403, 403, 403, 200], POST: [303, 403, 403, 403, 403, 400] },
    body: () => ({ intent: 'apply', host: 'https://oqu.example.kz', course: 'urbanism', version: 'a'.repeat(64) }),
  },
  '[locale]/admin/system.astro': {
    url: () => '/en/admin/system',
    expect: { GET: [303, 403, 403, 403, 403, 200] },
  },
  '[locale]/admin/discussion-bans.astro': {
    url: () => '/en/admin/discussion-bans',
    // The ban list (decision 045): admins only; lifting the seeded ban of the role target answers 303 back.
    expect: { GET: [303, 403, 403, 403, 403, 200], POST: [303, 403, 403, 403, 403, 303] },
    body: (_role, w) => ({ intent: 'lift', user: w.users.target.id }),
  },
  '[locale]/admin/certificates.astro': {
    url: () => '/en/admin/certificates?q=a&status=valid',
    // Only the admin reaches the revoke action; an unknown code is a 400 with its message.
    expect: { GET: [303, 403, 403, 403, 403, 200], POST: [303, 403, 403, 403, 403, 400] },
    body: () => ({ intent: 'revoke', code: 'ZZZZ-ZZZZ-ZZZZ', reason: 'checking the matrix' }),
  },
  '[locale]/admin/report.astro': {
    url: () => '/en/admin/report',
    expect: { GET: [303, 403, 403, 403, 403, 200], POST: [303, 403, 403, 403, 403, 200] },
  },
  '[locale]/admin/report.csv.ts': {
    url: () => '/en/admin/report.csv',
    expect: { GET: [401, 403, 403, 403, 403, 200], POST: all(404) },
  },
  '[locale]/admin/audit.csv.ts': {
    url: () => '/en/admin/audit.csv',
    expect: { GET: [401, 403, 403, 403, 403, 200], POST: all(404) },
  },
  // Grant competitions (decision 040). Calls seeded by tests/hardening/lib/grants.ts: one in jury scoring (the
  // trainer is its only juror; the proposal is the learner's), one published. A start on a call being scored is 400.
  '[locale]/grants/index.astro': {
    url: () => '/en/grants/',
    expect: { GET: signedIn(303, 200), POST: signedIn(303, 200) },
  },
  '[locale]/grants/[call]/index.astro': {
    url: () => `/en/grants/${GRANTS.scoringCall}/`,
    expect: { GET: all(200), POST: signedIn(303, 400) },
    missing: { url: '/en/grants/no-such-call/', expect: all(404) },
  },
  // A co-applicant's invitation link: signed in only; a token that is no invitation (used, replaced, unsent) is 404.
  '[locale]/grants/join.astro': {
    url: () => '/en/grants/join?token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    expect: { GET: signedIn(303, 404), POST: signedIn(303, 404) },
    body: () => ({ token: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }),
  },
  // Only the proposal's team; anyone else is told it does not exist (the learner's is submitted: saving is 400).
  '[locale]/grants/proposals/[id].astro': {
    url: () => `/en/grants/proposals/${GRANTS.proposal}`,
    expect: { GET: [303, 200, 404, 404, 404, 404], POST: [303, 400, 404, 404, 404, 404] },
    body: () => ({ intent: 'save', 'answer-title': 'Hijacked' }),
    missing: { url: '/en/grants/proposals/no-such-proposal', expect: [303, 404, 404, 404, 404, 404] },
  },
  // Only the call's jurors (not even admins: they manage calls on the admin page); a conflict with a proposal
  // that is not there is 404.
  '[locale]/grants/[call]/jury/index.astro': {
    url: () => `/en/grants/${GRANTS.scoringCall}/jury/`,
    expect: { GET: [303, 403, 403, 200, 403, 403], POST: [303, 403, 403, 404, 403, 403] },
    body: () => ({ intent: 'conflict', proposal: 'no-such-proposal' }),
  },
  '[locale]/grants/[call]/jury/[proposal].astro': {
    url: () => `/en/grants/${GRANTS.scoringCall}/jury/${GRANTS.proposal}`,
    // A score without a level for every criterion is 400.
    expect: { GET: [303, 404, 404, 200, 404, 404], POST: [303, 404, 404, 400, 404, 404] },
    body: () => ({ intent: 'score', comment: 'x' }),
    missing: { url: `/en/grants/${GRANTS.scoringCall}/jury/no-such-proposal`, expect: [303, 404, 404, 404, 404, 404] },
  },
  // Public once published; the results of a call still being scored do not exist yet.
  '[locale]/grants/[call]/results.astro': {
    url: () => `/en/grants/${GRANTS.publishedCall}/results`,
    expect: { GET: all(200), POST: all(200) },
    missing: { url: `/en/grants/${GRANTS.scoringCall}/results`, expect: all(404) },
  },
  // A proposal's file field (multipart): its team only. The learner's proposal is submitted, so a post is refused
  // with a message on the proposal page (303 there); anyone else is told the proposal does not exist.
  '[locale]/grants/proposals/[id]/files.ts': {
    url: () => `/en/grants/proposals/${GRANTS.proposal}/files?field=attachments`,
    expect: { GET: all(404), POST: [303, 303, 404, 404, 404, 404] },
    body: () => ({ remove: GRANTS.file }),
  },
  // A proposal's attached file (decision 046): its team, the call's jurors without a conflict, admins. The missing
  // row asks for the other learner's file, which the trainer (a juror in conflict with it) does not get either.
  'grant-files/[id].ts': {
    url: () => `/grant-files/${GRANTS.file}`,
    expect: { GET: [404, 200, 404, 200, 404, 200], POST: all(404) },
    missing: { url: `/grant-files/${GRANTS.conflictedFile}`, expect: [404, 404, 200, 404, 404, 200] },
  },
  '[locale]/admin/grants/index.astro': {
    url: () => '/en/admin/grants/',
    // The admin's empty "new call" form is 400 (a title is needed).
    expect: { GET: [303, 403, 403, 403, 403, 200], POST: [303, 403, 403, 403, 403, 400] },
  },
  // Scores are not exported before scoring is closed (the call is being scored): 404 for the admin too.
  '[locale]/admin/grants/[id]/[table].csv.ts': {
    url: () => `/en/admin/grants/${GRANTS.scoringCall}/proposals.csv`,
    expect: { GET: [401, 403, 403, 403, 403, 200], POST: all(404) },
    missing: { url: `/en/admin/grants/${GRANTS.scoringCall}/scores.csv`, expect: [401, 403, 403, 403, 403, 404] },
  },
  // A proposal as the admin reads it (answers, team, files, scores once closed): admins only; a draft is 404.
  '[locale]/admin/grants/[id]/proposals/[proposal].astro': {
    url: () => `/en/admin/grants/${GRANTS.scoringCall}/proposals/${GRANTS.proposal}`,
    expect: { GET: [303, 403, 403, 403, 403, 200], POST: [303, 403, 403, 403, 403, 200] },
    missing: {
      url: `/en/admin/grants/${GRANTS.publishedCall}/proposals/${GRANTS.proposal}`,
      expect: [303, 403, 403, 403, 403, 404],
    },
  },
  '[locale]/admin/grants/[id].astro': {
    url: () => `/en/admin/grants/${GRANTS.scoringCall}`,
    expect: { GET: [303, 403, 403, 403, 403, 200], POST: [303, 403, 403, 403, 403, 400] },
    body: () => ({ intent: 'juror', email: 'nobody@oqu.test' }),
    missing: { url: '/en/admin/grants/no-such-call', expect: [303, 403, 403, 403, 403, 404] },
  },
  '[locale]/courses/[course]/[lesson].astro': {
    url: () => '/en/courses/urbanism/wayfinding/',
    expect: { GET: all(200), POST: all(200) },
    note: 'prerendered: a file',
  },
  '[locale]/courses/[course]/[lesson]/done.ts': {
    url: () => '/en/courses/urbanism/wayfinding/done',
    expect: { GET: all(303), POST: all(303) },
  },
  '[locale]/courses/[course]/[lesson]/quiz.astro': {
    url: (w) => w.learnerAttemptPath,
    // Only the learner who made the attempt sees it; everyone else is sent back to the lesson.
    expect: { GET: [303, 200, 303, 303, 303, 303], POST: [401, 303, 303, 303, 303, 303] },
    body: () => passingForm(quizHost.file, randomKey()),
    missing: { url: `/en/courses/urbanism/${quizHost.lesson}/quiz?attempt=none`, expect: all(303) },
  },
  // Peer review (decision 029), in the suite's fixture course peer-practice (a `review.by: peer`
  // assignment). Nobody here has handed in, so a signed-in visitor of any role sees the round's
  // page (hand in first; asking for work is refused, 409) and no allocation (404: who may see one,
  // only the trainee it was given to, is tested in the assignment-peer tests).
  '[locale]/courses/[course]/assignments/[id]/peer.astro': {
    url: () => '/en/courses/peer-practice/assignments/street-note/peer',
    expect: { GET: signedIn(303, 200), POST: signedIn(303, 409) },
    body: () => ({ intent: 'ask' }),
    missing: { url: '/en/courses/peer-practice/assignments/no-such-assignment/peer', expect: all(404) },
  },
  '[locale]/courses/[course]/assignments/[id]/peer/[n].astro': {
    url: () => '/en/courses/peer-practice/assignments/street-note/peer/1',
    expect: { GET: signedIn(303, 404), POST: signedIn(303, 404) },
    body: () => ({ comment: 'x' }),
    missing: { url: '/en/courses/peer-practice/assignments/no-such-assignment/peer/1', expect: all(404) },
  },
  '[locale]/courses/[course]/assignments/[id].astro': urbanismAssignment
    ? {
        url: () => `/en/courses/urbanism/assignments/${urbanismAssignment}`,
        // Each signed-in visitor sees their own work; a post that is not the multipart form goes back to the page.
        expect: { GET: signedIn(303, 200), POST: signedIn(303, 303) },
        missing: { url: '/en/courses/urbanism/assignments/nosuchassignment', expect: all(404) },
      }
    : { url: () => '/en/courses/urbanism/assignments/nosuchassignment', expect: { GET: all(404), POST: all(404) } },
  '[locale]/courses/[course]/index.astro': {
    url: () => '/en/courses/urbanism/',
    expect: { GET: all(200), POST: signedIn(303, 303) },
  },
  '[locale]/programmes/[programme]/index.astro': {
    url: () => '/en/programmes/trainer-programme/',
    // Public; "Start the programme" signs in first, then enrols the trainee in its courses.
    expect: { GET: all(200), POST: signedIn(303, 303) },
    missing: { url: '/en/programmes/no-such-programme/', expect: all(404) },
  },
  '[locale]/forgot-password.astro': {
    url: () => '/en/forgot-password',
    expect: { GET: all(200), POST: all(200) },
    body: () => ({ email: `nobody-${++registrations}@oqu.test` }),
  },
  '[locale]/index.astro': { url: () => '/en/', expect: { GET: all(200), POST: all(200) } },
  '[locale]/login.astro': {
    url: () => '/en/login',
    expect: { GET: all(200), POST: all(400) },
    body: () => ({ email: 'nobody@oqu.test', password: 'not-the-password-1' }),
  },
  '[locale]/logout.astro': { url: () => '/en/logout', expect: { GET: all(200), POST: all(303) }, freshSession: true },
  '[locale]/register.astro': {
    url: () => '/en/register',
    expect: { GET: signedIn(200, 303), POST: signedIn(303, 303) },
    body: () => ({
      name: 'Matrix Registrant',
      email: `matrix-${++registrations}@oqu.test`,
      password: 'amber-steppe-lantern-4',
      locale: 'en',
      consent: 'yes',
    }),
  },
  '[locale]/reset-password.astro': {
    url: () => '/en/reset-password?token=not-a-token',
    expect: { GET: all(200), POST: all(400) },
    body: () => ({ token: 'not-a-token', password: 'amber-steppe-lantern-4' }),
  },
  '[locale]/search.astro': {
    url: () => '/en/search/',
    expect: { GET: all(200), POST: all(200) },
    note: 'prerendered: a file',
  },
  '[locale]/trainer/index.astro': {
    url: () => '/en/trainer/',
    // A new urbanism cohort: its trainer and admins may; the other course's trainer may not (400: unknown course).
    expect: { GET: [303, 403, 403, 200, 200, 200], POST: [303, 403, 403, 303, 400, 303] },
    body: () => ({ name: 'Matrix cohort', course: 'urbanism' }),
  },
  '[locale]/trainer/cohorts/[id].astro': {
    url: (w) => `/en/trainer/cohorts/${w.cohortId}`,
    // Only its creator (while assigned to its course) and admins manage a cohort; a decision on an application nobody
    // made is 400.
    expect: { GET: [303, 403, 403, 200, 403, 200], POST: [303, 403, 403, 400, 403, 400] },
    body: (_role, w) => ({ intent: 'decide', userId: w.users.otherLearner.id, accept: '1' }),
    missing: { url: '/en/trainer/cohorts/no-such-cohort', expect: [303, 403, 403, 404, 404, 404] },
  },
  '[locale]/trainer/cohorts/[id]/competencies.astro': {
    url: (w) => `/en/trainer/cohorts/${w.cohortId}/competencies`,
    // As the cohort page; setting the competency of someone outside the cohort is 400 (every
    // signed-in visitor has joined it through /join by now, so the body names nobody).
    expect: { GET: [303, 403, 403, 200, 403, 200], POST: [303, 403, 403, 400, 403, 400] },
    body: () => ({
      trainee: 'not-a-member-of-the-cohort',
      competency: 'participatory-design',
      state: 'demonstrated',
      comment: 'Seen at the seminar',
    }),
    missing: { url: '/en/trainer/cohorts/no-such-cohort/competencies', expect: [303, 403, 403, 404, 404, 404] },
  },
  '[locale]/trainer/cohorts/[id]/competencies.csv.ts': {
    url: (w) => `/en/trainer/cohorts/${w.cohortId}/competencies.csv`,
    // The matrix as CSV: whoever may see the page (the cohort's trainer and admins).
    expect: { GET: [401, 403, 403, 200, 403, 200], POST: all(404) },
    missing: { url: '/en/trainer/cohorts/no-such-cohort/competencies.csv', expect: [401, 403, 403, 404, 404, 404] },
  },
  '[locale]/trainer/courses/[course]/index.astro': {
    url: () => '/en/trainer/courses/urbanism/',
    // The course dashboard lists trainees: only trainers of that course, and admins.
    expect: { GET: [303, 403, 403, 200, 403, 200], POST: [303, 403, 403, 200, 403, 200] },
    missing: { url: '/en/trainer/courses/no-such-course/', expect: [303, 404, 404, 404, 404, 404] },
  },
  '[locale]/trainer/courses/[course]/notes.astro': {
    url: () => '/en/trainer/courses/urbanism/notes',
    // Trainer notes: only trainers of that course, and admins (trainer-notes.test.ts checks the text).
    expect: { GET: [303, 403, 403, 200, 403, 200], POST: [303, 403, 403, 200, 403, 200] },
    missing: { url: '/en/trainer/courses/no-such-course/notes', expect: [303, 404, 404, 404, 404, 404] },
  },
  '[locale]/trainer/courses/[course]/packages/[package].ts': {
    url: () => '/en/trainer/courses/urbanism/packages/cc-en',
    // A course as a package for another LMS (made from the built site): trainers of the course and admins.
    expect: { GET: [401, 403, 403, 200, 403, 200], POST: all(404) },
    missing: { url: '/en/trainer/courses/no-such-course/packages/cc-en', expect: [401, 404, 404, 404, 404, 404] },
  },
  '[locale]/trainer/courses/[course]/[table].csv.ts': {
    url: () => '/en/trainer/courses/urbanism/trainees.csv',
    expect: { GET: [401, 403, 403, 200, 403, 200], POST: all(404) },
  },
  '[locale]/events/index.astro': {
    url: () => '/en/events/',
    expect: { GET: signedIn(303, 200), POST: signedIn(303, 200) },
  },
  '[locale]/events/[id].astro': {
    url: () => `/en/events/${authzEventId}`,
    // A social-entrepreneurship session (the matrix enrols everyone in urbanism): open to its enrolled learner, run
    // by that course's trainer and admins (not its audience: 400 on signing up); not found for the others.
    expect: { GET: [303, 200, 404, 404, 200, 200], POST: [303, 200, 404, 404, 400, 400] },
    body: () => ({ intent: 'signup' }),
    missing: { url: '/en/events/no-such-event', expect: [303, 404, 404, 404, 404, 404] },
  },
  '[locale]/events/[id]/checkin.astro': {
    url: () => `/en/events/${authzEventId}/checkin?code=AAAAAAAAAAAAAAAA`,
    // Where the check-in QR code leads: any signed-in visitor is told where they stand; the session is
    // tomorrow, so confirming is refused for everyone (400) and marks no one.
    expect: { GET: signedIn(303, 200), POST: signedIn(303, 400) },
    body: () => ({ code: 'AAAAAAAAAAAAAAAA' }),
    missing: { url: '/en/events/no-such-event/checkin', expect: [303, 404, 404, 404, 404, 404] },
  },
  'calendar/[token].ics.ts': {
    url: () => '/calendar/abcdefghijklmnopqrstuvwxyz234567.ics',
    // The token is the key (calendar apps send no cookie): an unknown one is not found for everyone.
    expect: { GET: all(404), POST: all(404) },
  },
  '[locale]/trainer/events/index.astro': {
    url: () => '/en/trainer/events/',
    // Scheduling an urbanism session: its trainer and admins; the other course's trainer may not (400).
    expect: { GET: [303, 403, 403, 200, 200, 200], POST: [303, 403, 403, 303, 400, 303] },
    body: () => ({
      kind: 'seminar',
      title_en: 'Matrix seminar',
      place: 'Almaty',
      date: '2030-01-15',
      startTime: '10:00',
      endTime: '11:00',
      capacity: '5',
      audience: 'course',
      course: 'urbanism',
    }),
  },
  '[locale]/trainer/events/[id].astro': {
    url: () => `/en/trainer/events/${authzEventId}`,
    // Run by the trainers of its course (social entrepreneurship: the other trainer) and admins; every form on
    // it (attendance, a walk-in, change, cancel) is behind that one check, so learners' and outsiders' POSTs get 403.
    // Past the check, attendance for a session that starts tomorrow is refused (400: not started).
    expect: { GET: [303, 403, 403, 403, 200, 200], POST: [303, 403, 403, 403, 400, 400] },
    body: () => ({ intent: 'attendance' }),
    missing: { url: '/en/trainer/events/no-such-event', expect: [303, 403, 403, 404, 404, 404] },
  },
  '[locale]/trainer/events/[id]/checkin.astro': {
    url: () => `/en/trainer/events/${authzEventId}/checkin`,
    // The check-in QR code: shown by the trainers of its course and admins only.
    expect: { GET: [303, 403, 403, 403, 200, 200], POST: [303, 403, 403, 403, 200, 200] },
    missing: { url: '/en/trainer/events/no-such-event/checkin', expect: [303, 403, 403, 404, 404, 404] },
  },
  '[locale]/trainer/events/[id]/signups.csv.ts': {
    url: () => `/en/trainer/events/${authzEventId}/signups.csv`,
    expect: { GET: [401, 403, 403, 403, 200, 200], POST: all(404) },
  },
  '[locale]/trainer/reviews/index.astro': {
    url: () => '/en/trainer/reviews',
    // Every trainer has a queue (of their own courses' work); learners have none.
    expect: { GET: [303, 403, 403, 200, 200, 200], POST: [303, 403, 403, 200, 200, 200] },
  },
  '[locale]/trainer/reviews/[id].astro': {
    url: (w) => `/en/trainer/reviews/${w.submissionId}`,
    // Only trainers of the work's course and admins; the trainee's own work is not theirs to review.
    expect: { GET: [303, 403, 403, 200, 403, 200], POST: [303, 403, 403, 200, 403, 200] },
    body: () => ({ revision: '0', decision: 'accept' }),
    missing: { url: '/en/trainer/reviews/no-such-submission', expect: [303, 403, 403, 404, 404, 404] },
  },
  '[locale]/trainer/courses/[course]/assignments/[id]/submissions.zip.ts': {
    url: () => '/en/trainer/courses/urbanism/assignments/field-notes/submissions.zip',
    // Trainers of the course and admins reach the assignment check (urbanism has no such assignment: 404).
    expect: { GET: [401, 403, 403, 404, 403, 404], POST: all(404) },
    missing: {
      url: '/en/trainer/courses/no-such-course/assignments/field-notes/submissions.zip',
      expect: [401, 404, 404, 404, 404, 404],
    },
  },
  '[locale]/join/[code].astro': {
    url: (w) => `/en/join/${w.joinCode}`,
    expect: { GET: all(200), POST: signedIn(303, 200) },
    missing: { url: '/en/join/nosuchcode', expect: all(404) },
  },
  // Discussions (decision 038), in creative-industries: only the learner is enrolled there and only
  // the trainer teaches it (seeded: the matrix enrols every visitor in urbanism on the way). The
  // other learner is an outsider, the other trainer another course's trainer. The cohort board is
  // the trainer's urbanism cohort, which has no members: trainees are refused, its course's trainer
  // and admins are not. Each POST starts a thread or replies (303 to the thread).
  '[locale]/discussions/[course]/index.astro': {
    url: () => '/en/discussions/creative-industries',
    expect: { GET: [303, 200, 403, 200, 403, 200], POST: [303, 303, 403, 303, 403, 303] },
    body: () => ({ title: 'Matrix thread', body: 'A question from the matrix' }),
    missing: { url: '/en/discussions/no-such-course', expect: all(404) },
  },
  '[locale]/discussions/[course]/lessons/[lesson].astro': {
    url: () => '/en/discussions/creative-industries/lessons/mapping-the-creative-economy',
    expect: { GET: [303, 200, 403, 200, 403, 200], POST: [303, 303, 403, 303, 403, 303] },
    body: () => ({ title: 'Matrix question', body: 'About this lesson' }),
    missing: { url: '/en/discussions/creative-industries/lessons/no-such-lesson', expect: all(404) },
  },
  '[locale]/discussions/cohorts/[id].astro': {
    url: (w) => `/en/discussions/cohorts/${w.cohortId}`,
    expect: { GET: [303, 403, 403, 200, 403, 200], POST: [303, 403, 403, 303, 403, 303] },
    body: () => ({ title: 'Cohort matrix', body: 'Hello cohort' }),
    missing: { url: '/en/discussions/cohorts/no-such-cohort', expect: [303, 404, 404, 404, 404, 404] },
  },
  '[locale]/discussions/threads/[id].astro': {
    url: () => `/en/discussions/threads/${discussionThreadId}`,
    expect: { GET: [303, 200, 403, 200, 403, 200], POST: [303, 303, 403, 303, 403, 303] },
    body: () => ({ intent: 'reply', body: 'A reply from the matrix' }),
    missing: { url: '/en/discussions/threads/no-such-thread', expect: [303, 404, 404, 404, 404, 404] },
  },
  '[locale]/discussions/threads/[id]/move.astro': {
    url: () => `/en/discussions/threads/${discussionThreadId}/move`,
    // Moving a thread (decision 045): the course's trainers and admins only. The trainer moves it to
    // a lesson's questions, the admin back to the course's board; each answers 303 to the thread.
    expect: { GET: [303, 403, 403, 200, 403, 200], POST: [303, 403, 403, 303, 403, 303] },
    body: (role) => ({
      to: role === 'admin' ? 'course:creative-industries' : 'lesson:creative-industries/mapping-the-creative-economy',
    }),
    missing: { url: '/en/discussions/threads/no-such-thread/move', expect: [303, 404, 404, 404, 404, 404] },
  },
  '[locale]/discussions/[course]/reports.astro': {
    url: () => '/en/discussions/creative-industries/reports',
    // The moderation queue: the course's trainers and admins only; keeping a post is a 303 back.
    expect: { GET: [303, 403, 403, 200, 403, 200], POST: [303, 403, 403, 303, 403, 303] },
    body: () => ({ intent: 'dismiss', post: discussionPostId }),
    missing: { url: '/en/discussions/no-such-course/reports', expect: all(404) },
  },
  '[locale]/discussions/unsubscribe.astro': {
    url: () => '/en/discussions/unsubscribe?token=not.a.token',
    // No sign-in: the signed token is the proof; a wrong one changes nothing.
    expect: { GET: all(400), POST: all(400) },
  },
  'certificates/[code].json.ts': {
    url: (w) => `/certificates/${w.certificateCode}.json`,
    expect: { GET: all(200), POST: all(404) },
    note: 'public to whoever has the code',
  },
  'certificates/[code].pdf.ts': {
    url: (w) => `/certificates/${w.certificateCode}.pdf`,
    expect: { GET: all(200), POST: all(404) },
  },
  'certificates/[code]/status.ts': {
    url: (w) => `/certificates/${w.certificateCode}/status`,
    expect: { GET: all(200), POST: all(404) },
  },
  'course-assets/[course]/[...file].ts': {
    url: () => '/course-assets/urbanism/tree-monitoring-codebook.csv',
    expect: { GET: all(200), POST: all(200) },
    note: 'prerendered: a file',
  },
  'courses/[course].ts': {
    url: () => '/courses/urbanism',
    expect: { GET: all(302), POST: all(404) },
    note: "the credential's Achievement id: to the course page in the visitor's language",
    missing: { url: '/courses/nosuchcourse', expect: all(404) },
  },
  'submission-files/[id].ts': {
    url: () => `/submission-files/${learnerFileId}`,
    // The author, the course's trainer and admins; everyone else gets the 404 of a file that does not exist.
    expect: { GET: [404, 200, 404, 200, 404, 200], POST: all(404) },
    missing: { url: '/submission-files/nosuchfile', expect: all(404) },
  },
  'healthz.ts': { url: () => '/healthz', expect: { GET: all(200), POST: all(404) } },
  'index.astro': { url: () => '/', expect: { GET: all(302), POST: all(302) } },
  '[locale]/[page].astro': { url: () => '/ru/privacy', expect: { GET: all(200), POST: all(200) } },
  '[locale]/glossary.astro': { url: () => '/kk/glossary', expect: { GET: all(200), POST: all(200) } },
  // A static file (prerendered): the static handler answers POST as GET.
  'sitemap.xml.ts': { url: () => '/sitemap.xml', expect: { GET: all(200), POST: all(200) } },
  'robots.txt.ts': { url: () => '/robots.txt', expect: { GET: all(200), POST: all(200) } },
  'theme.css.ts': { url: () => '/theme.css', expect: { GET: all(200), POST: all(200) } },
  'issuer.json.ts': { url: () => '/issuer.json', expect: { GET: all(200), POST: all(404) } },
  'keys/[kid].json.ts': { url: (w) => `/keys/${w.kid}.json`, expect: { GET: all(200), POST: all(404) } },
  'verify/[code].astro': { url: (w) => `/verify/${w.certificateCode}`, expect: { GET: all(200), POST: all(200) } },
  '[locale]/verify.astro': {
    url: () => '/en/verify',
    expect: { GET: all(200), POST: all(422) },
    body: () => ({ credential: 'not.a.credential' }),
  },
  'verify/index.ts': {
    url: () => '/verify',
    expect: { GET: all(301), POST: all(308) },
    note: "the form's former address: to /{language}/verify",
  },
};

/** Where a 303 for an anonymous visitor must go: the sign-in page (except where noted). */
const ANONYMOUS_NOT_TO_LOGIN = new Set(['[locale]/register.astro', '[locale]/logout.astro']);

const routes = listRouteFiles();
let w: World;

beforeAll(async () => {
  w = await createWorld('authz', {
    sessions: 20,
    beforeStart: async (db, [learner, otherLearner, trainer, , , target]) => {
      await seedSubmissionFile(db, {
        userId: learner!.id,
        course: 'urbanism',
        // Not the course's real assignment, which the world accepts so that the course completes.
        assignment: 'authz-file-host',
        fileId: learnerFileId,
      });
      await db.$client.execute({
        sql: `INSERT INTO events (id, kind, title, description, place, starts_at, ends_at, capacity, audience,
          course, created_at)
          VALUES (?, 'seminar', '{"en":"Matrix seminar"}', '{}', 'Almaty', ?, ?, 5, 'course', 'social-entrepreneurship',
          ?)`,
        args: [authzEventId, Date.now() + 86_400_000, Date.now() + 90_000_000, Date.now()],
      });
      await db.$client.execute({
        sql: `INSERT INTO enrollments (user_id, course, enrolled_at) VALUES (?, 'social-entrepreneurship', ?)`,
        args: [learner!.id, Date.now()],
      });
      await seedDiscussionThread(db, {
        userId: learner!.id,
        trainerId: trainer!.id,
        threadId: discussionThreadId,
        postId: discussionPostId,
      });
      await seedGrants(db, { learnerId: learner!.id, otherLearnerId: otherLearner!.id, trainerId: trainer!.id });
      await db.$client.execute({
        sql: `INSERT INTO discussion_bans (user_id, until, reason, created_at) VALUES (?, NULL, 'matrix ban', ?)`,
        args: [target!.id, Date.now()],
      });
    },
  });
});

afterAll(async () => {
  await w?.close();
});

test('every route file under src/pages has a row in the table (a new route cannot be forgotten)', () => {
  const missing = routes.filter((r) => !TABLE[r.file]).map((r) => `${r.file} (${r.methods.join(', ')})`);
  const methodsMissing = routes.flatMap((r) =>
    TABLE[r.file] ? r.methods.filter((m) => !TABLE[r.file]!.expect[m as Method]).map((m) => `${r.file} ${m}`) : [],
  );
  console.log(
    `[authorisation] ${routes.length} route files found under src/pages ` +
      `(${routes.filter((r) => r.prerendered).length} prerendered)`,
  );
  expect(
    missing,
    'route files without expectations: add a row to TABLE in tests/hardening/authorisation.test.ts',
  ).toEqual([]);
  expect(methodsMissing, 'methods a route answers that the table does not cover').toEqual([]);
});

test('the table has no rows for route files that no longer exist', () => {
  const files = new Set(routes.map((r) => r.file));
  expect(Object.keys(TABLE).filter((f) => !files.has(f))).toEqual([]);
});

describe('route × visitor × method', () => {
  const observed: Observation[] = [];

  afterAll(() => {
    const wrong = observed.filter((o) => o.status !== o.expected);
    console.log(
      `[authorisation] ${observed.length} requests (${new Set(observed.map((o) => o.route)).size} routes × ` +
        `${ROLES.length} visitors × methods); statuses ` +
        `${formatHistogram(statusHistogram(observed.map((o) => o.status)))}; unexpected ${wrong.length}` +
        (wrong.length ? `: ${wrong.map(describeMismatch).join('; ')}` : ''),
    );
  });

  /** One request with every check a table cell stands for. */
  async function check(
    route: { file: string },
    method: Method,
    url: string,
    role: Role,
    expected: number,
    body?: Record<string, string> | URLSearchParams,
    fresh = false,
  ): Promise<void> {
    const cookie = w.cookie(role, fresh);
    const res: HttpResponse =
      method === 'GET'
        ? await w.http.get(url, { cookie })
        : await w.http.request(method, url, { cookie, body: body ?? {} });
    observed.push({ route: route.file, method, role, status: res.status, expected });
    expect(res.status, `${method} ${url} as ${role}: ${res.text.slice(0, 200)}`).toBe(expected);
    expect(leakIn(res)).toBeNull();
    if (
      role === 'anonymous' &&
      res.status === 303 &&
      !ANONYMOUS_NOT_TO_LOGIN.has(route.file) &&
      !(method === 'GET' && route.file.endsWith('done.ts'))
    ) {
      expect(res.location).toMatch(/^\/en\/login\?next=/);
    }
    if (res.status === 403) expect(res.text).not.toMatch(/name="role"|intent" value="revoke"/);
  }

  for (const route of routes) {
    const row = TABLE[route.file];
    if (!row) continue;
    for (const [method, statuses] of Object.entries(row.expect) as [Method, Row][]) {
      test.each(ROLES.map((role, i) => ({ role, expected: statuses[i]! })))(
        `${method} ${route.pattern} as $role → $expected`,
        async ({ role, expected }) => {
          await check(
            route,
            method,
            row.url(w),
            role,
            expected,
            row.body?.(role, w),
            row.freshSession && method === 'POST',
          );
        },
      );
    }
    const missing = row.missing;
    if (missing) {
      test.each(ROLES.map((role, i) => ({ role, expected: missing.expect[i]! })))(
        `GET ${missing.url} (does not exist) as $role → $expected`,
        async ({ role, expected }) => {
          await check(route, 'GET', missing.url, role, expected);
        },
      );
    }
  }
});

test('course bundles: an untrusted host gets 403, a broken token 401, and no answer a cache may keep', async () => {
  const keysDir = mkdtempSync(join(tmpdir(), 'oqu-authz-partner-'));
  try {
    const stranger = { baseUrl: 'https://oqu.stranger.example.kz', key: (await loadSigningKeys(keysDir)).current };
    const token = await signBundleRequest(stranger, w.http.baseURL, 'urbanism');
    const url = '/course-bundles/urbanism.oqu-course.json.gz';
    const answers = {
      untrusted: await w.http.get(url, { headers: { Authorization: `Bearer ${token}` } }),
      changed: await w.http.get(url, { headers: { Authorization: `Bearer ${token.slice(0, -4)}` } }),
      garbage: await w.http.get(url, { headers: { Authorization: 'Bearer aaaa.bbbb.cccc' } }),
      basic: await w.http.get(url, { headers: { Authorization: 'Basic dXNlcjpwYXNz' } }),
      none: await w.http.get(url, { cookie: w.cookie('admin') }),
    };
    const seen = Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.status]));
    console.log(`[authorisation] course bundle requests: ${JSON.stringify(seen)}`);
    // Nothing is asked of the stranger (its address does not even resolve): trust is decided first.
    expect(seen).toEqual({ untrusted: 403, changed: 403, garbage: 401, basic: 401, none: 401 });
    for (const res of Object.values(answers)) {
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.headers['cache-control']).toContain('no-store');
    }
    expect(answers.none.headers['www-authenticate']).toMatch(/^Bearer /);
  } finally {
    rmSync(keysDir, { recursive: true, force: true });
  }
});

test('trainer unassigned after creating a cohort: its members, imports, decisions, dashboards are 403', async () => {
  const admin = w.cookie('admin');
  const assignment = { userId: w.users.trainer.id, course: 'urbanism' };
  expect((await w.http.post('/en/admin/', { intent: 'unassign', ...assignment }, { cookie: admin })).status).toBe(200);
  const trainer = w.cookie('trainer');
  const cohort = `/en/trainer/cohorts/${w.cohortId}`;
  const statuses = {
    members: (await w.http.get(cohort, { cookie: trainer })).status,
    import: (await w.http.post(cohort, { intent: 'import', csv: 'Pulled In;pulled@oqu.test;en' }, { cookie: trainer }))
      .status,
    decide: (
      await w.http.post(cohort, { intent: 'decide', userId: w.users.otherLearner.id, accept: '1' }, { cookie: trainer })
    ).status,
    dashboard: (await w.http.get(`/en/trainer/courses/urbanism/?cohort=${w.cohortId}`, { cookie: trainer })).status,
    export: (await w.http.get(`/en/trainer/courses/urbanism/trainees.csv?cohort=${w.cohortId}`, { cookie: trainer }))
      .status,
  };
  console.log(`[authorisation] trainer unassigned after creating the cohort: ${JSON.stringify(statuses)}`);
  expect(statuses).toEqual({ members: 403, import: 403, decide: 403, dashboard: 403, export: 403 });
  expect((await w.http.get('/en/trainer/', { cookie: trainer })).text).not.toContain(w.cohortId);
  // Assigned again, the trainer runs the cohort again.
  expect((await w.http.post('/en/admin/', { intent: 'assign', ...assignment }, { cookie: admin })).status).toBe(200);
  expect((await w.http.get(cohort, { cookie: trainer })).status).toBe(200);
});

test('after the matrix: forbidden role changes left the target a learner; no trainer saw admin forms', async () => {
  await w.server.stop();
  const client = openFile(databaseFile(w.dataDir));
  const rs = await client.execute("SELECT role FROM users WHERE email = 'target@oqu.test'");
  client.close();
  expect(String(rs.rows[0]![0])).toBe('learner');
});
