/**
 * Blind review through the real server (decision 053): the admin marks a proposal-form field of
 * a draft blind call as identifying on the call's page, then opens the call and starts scoring.
 * The learner's proposal answers that field with hostile markup carrying their organisation
 * and names; none of it (nor the team field, the file of an identifying file field, the
 * learner's name or address) appears in the juror's HTML: their list, the proposal page, while
 * scoring and after the admin closes scoring. A field marked and then unmarked is shown again
 * (so the unmarking can fail the test). The same check on a twin call that is not blind finds
 * the answer (escaped, never as markup), so it can fail.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { grantCalls, grantJurors, grantProposalFileChunks, grantProposalFiles, grantProposals } from '#db/schema.ts';
import { DEFAULT_FORM, type FormField } from '#lib/grants/form-schema.ts';
import { callRow } from './lib/grants.ts';
import { createWorld, type World } from './lib/world.ts';

let w: World;
const BLIND = 'identifyingblind';
const OPEN = 'identifyingopen';
const ORG = 'ORG-SECRET-Q7 <img src=x onerror=alert(1)> «Сапарова и партнёры»';
const TEAM = 'TEAM-SECRET-K4 Айгүл Сапарова';
const VISIBLE = 'VISIBLE-ANSWER-Z3';
const FILE_NAME = 'IDFILE-letter-of-support.pdf';
const extra = (id: string, kind: FormField['kind'], en: string): FormField => ({
  id,
  kind,
  label: { en },
  required: false,
  options: [],
  identifying: false,
});
const FORM = [
  ...DEFAULT_FORM,
  extra('field-1', 'long', 'Your organisation'),
  extra('field-2', 'long', 'Partners'),
  extra('field-3', 'file', 'Letters of support'),
];

beforeAll(async () => {
  w = await createWorld('grant-identifying', {
    sessions: 2,
    beforeStart: async (db, [learner, , trainer]) => {
      const now = Date.now();
      for (const [id, blind] of [
        [BLIND, true],
        [OPEN, false],
      ] as const) {
        await db.insert(grantCalls).values({ ...callRow(id, 'draft', now + 86_400_000), form: FORM, blind });
        await db.insert(grantProposals).values({
          id: `${id}-p`,
          callId: id,
          leadId: learner!.id,
          status: 'submitted',
          answers: { title: `Shade ${id}`, team: TEAM, 'field-1': ORG, 'field-2': VISIBLE, requested: '100000' },
          budget: [{ item: 'Saplings', tenge: 100_000 }],
          createdAt: new Date(),
          updatedAt: new Date(),
          submittedAt: new Date(),
        });
        await db.insert(grantProposalFiles).values({
          id: `${id}-f`,
          proposalId: `${id}-p`,
          fieldId: 'field-3',
          name: FILE_NAME,
          kind: 'pdf',
          size: 9,
          sha256: '',
          storedAt: new Date(),
        });
        await db.insert(grantProposalFileChunks).values({ fileId: `${id}-f`, seq: 0, data: Buffer.from('%PDF-1.4\n') });
        await db.insert(grantJurors).values({ callId: id, userId: trainer!.id, addedAt: new Date() });
      }
    },
  });
});
afterAll(async () => {
  await w?.close();
});

const admin = async (callId: string, body: Record<string, string>) => {
  const res = await w.http.request('POST', `/en/admin/grants/${callId}`, { cookie: w.cookie('admin'), body });
  expect(res.status, `${callId} ${JSON.stringify(body)}: ${res.text.slice(0, 300)}`).toBe(200);
  return res.text;
};
const jurorHtml = async (url: string) => {
  const res = await w.http.get(url, { cookie: w.cookie('trainer') });
  expect(res.status, url).toBe(200);
  return res.text;
};
const jurorPages = async (callId: string) =>
  [await jurorHtml(`/en/grants/${callId}/jury/`), await jurorHtml(`/en/grants/${callId}/jury/${callId}-p`)].join('\n');
/** What must not reach the juror of a blind call, as it would appear in the HTML. */
const secrets = () => [
  'ORG-SECRET-Q7',
  'Сапарова',
  'TEAM-SECRET-K4',
  'IDFILE-letter',
  `${BLIND}-f`,
  w.users.learner.name,
  w.users.learner.email,
];

test('the admin marks fields as identifying on the draft call page (not the fixed ones), and unmarks one', async () => {
  for (const callId of [BLIND, OPEN]) {
    for (const field of ['field-1', 'field-2', 'field-3'])
      expect(await admin(callId, { intent: 'field-identify', field })).toContain('The form is changed.');
  }
  const refused = await w.http.request('POST', `/en/admin/grants/${BLIND}`, {
    cookie: w.cookie('admin'),
    body: { intent: 'field-identify', field: 'title' },
  });
  expect(refused.status).toBe(400);
  // Partners was marked above; unmarked, its answer reaches the jury (the next test checks it).
  const page = await admin(BLIND, { intent: 'field-unidentify', field: 'field-2' });
  expect(page).toMatch(/Your organisation[^<]*identifies the applicants/);
  expect(page).not.toMatch(/Partners[^<]*identifies the applicants/);
  // Also without being signed in as the admin, nothing changes.
  const stranger = await w.http.request('POST', `/en/admin/grants/${BLIND}`, {
    cookie: w.cookie('trainer'),
    body: { intent: 'field-unidentify', field: 'field-1' },
  });
  expect(stranger.status).toBe(403);
  for (const callId of [BLIND, OPEN]) {
    await admin(callId, { intent: 'advance', from: 'draft' });
    await admin(callId, { intent: 'advance', from: 'open' });
  }
});

test("in blind review no identifying answer, file or name is in the juror's HTML, while scoring or after", async () => {
  const check = async () => {
    const html = await jurorPages(BLIND);
    expect(html).toContain(VISIBLE);
    expect(html).toContain(`Shade ${BLIND}`);
    for (const secret of secrets()) expect(html, secret).not.toContain(secret);
    expect(html).not.toMatch(/<img src=x/);
    expect((await w.http.get(`/grant-files/${BLIND}-f`, { cookie: w.cookie('trainer') })).status).toBe(404);
  };
  await check();
  await admin(BLIND, { intent: 'advance', from: 'scoring' });
  await check();
});

test('the same check finds the answers in a call that is not blind, escaped', async () => {
  const html = await jurorPages(OPEN);
  for (const seen of ['ORG-SECRET-Q7', 'Сапарова', 'TEAM-SECRET-K4', 'IDFILE-letter', w.users.learner.name])
    expect(html, seen).toContain(seen);
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).not.toMatch(/<img src=x/);
});
