/**
 * The deadline of a grant call holds under a burst of last-second submissions (decision 040):
 * an admin opens a call over HTTP whose deadline is 20 s away, sixty leads start a draft each
 * on its page, and their complete, valid proposals are submitted at instants spread from 1.5 s
 * before the deadline to 1 s after it. Every submission whose answer came back before the deadline
 * was accepted; every one sent after it was refused with the deadline in the message and stayed
 * a draft; and the database holds exactly the accepted ones, each stamped before the deadline.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PROPOSAL_ANSWERS } from './lib/grants.ts';
import { closeDatabase, openFile, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

const DRAFTS = 60;
let server: RunningServer;
let http: HttpClient;
let dataDir: string;
let admin: SeedUser;
let leads: SeedUser[];
let deadline: number;
/** Each lead's proposal page. */
let proposals: string[];

/** An instant as the admin's form takes it: Almaty time (UTC+5), to the second. */
const almaty = (ms: number) => new Date(ms + 5 * 3_600_000).toISOString().slice(0, 19);

beforeAll(async () => {
  dataDir = makeDataDir('grant-burst');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  const seeded = await seedUsers(db, [
    { email: 'burst-admin@oqu.test', name: 'Burst Admin', role: 'admin' },
    ...Array.from({ length: DRAFTS }, (_, n) => ({ email: `burst-lead-${n}@oqu.test`, name: `Burst Lead ${n}` })),
  ]);
  admin = seeded[0]!;
  leads = seeded.slice(1);
  closeDatabase(db);
  server = await startServer({ dataDir });
  http = new HttpClient(server.baseURL);
  // The admin opens a call (for everyone) whose deadline is a whole second some time from now.
  deadline = Math.ceil((Date.now() + 20_000) / 1000) * 1000;
  const cookie = admin.cookies[0];
  const made = await http.post(
    '/en/admin/grants/',
    {
      'title-en': 'Burst call',
      eligibility: 'everyone',
      opens: almaty(Date.now() - 3_600_000),
      closes: almaty(deadline),
      budget: '10000000',
      max: '600000',
    },
    { cookie },
  );
  const callPath = made.location!;
  expect(made.status, made.text.slice(0, 300)).toBe(303);
  expect((await http.post(callPath, { intent: 'advance', from: 'draft' }, { cookie })).status).toBe(200);
  const callId = callPath.split('/').pop()!;
  // Each lead starts a draft, as the call's page does.
  proposals = await Promise.all(
    leads.map(async (lead) => {
      const started = await http.post(`/en/grants/${callId}/`, {}, { cookie: lead.cookies[0] });
      expect(started.status).toBe(303);
      return started.location!;
    }),
  );
}, 120_000);
afterAll(async () => {
  http?.close();
  await server?.stop();
});

const form = {
  intent: 'submit',
  ...Object.fromEntries(Object.entries(PROPOSAL_ANSWERS).map(([k, v]) => [`answer-${k}`, v])),
  'budget-item-0': 'Saplings',
  'budget-tenge-0': '500 000',
};

test('every submission answered before the deadline is accepted, none sent after it', async () => {
  const start = deadline - 1_500;
  const spacing = 2_500 / DRAFTS;
  expect(Date.now(), 'the set-up took longer than the time before the deadline').toBeLessThan(start);
  const results = await Promise.all(
    Array.from({ length: DRAFTS }, async (_, n) => {
      await new Promise((r) => setTimeout(r, start + n * spacing - Date.now()));
      const sent = Date.now();
      const res = await http.post(proposals[n]!, form, { cookie: leads[n]!.cookies[0] });
      return { n, sent, answered: Date.now(), status: res.status, text: res.text };
    }),
  );
  const accepted = results.filter((r) => r.status === 200 && r.text.includes('The proposal was submitted at'));
  const refused = results.filter(
    (r) => r.status === 400 && r.text.includes('the proposal was not submitted and is kept'),
  );
  const wrong = [
    ...results.filter((r) => r.answered < deadline && !accepted.includes(r)),
    ...results.filter((r) => r.sent >= deadline && !refused.includes(r)),
  ];
  const early = results.filter((r) => r.answered < deadline).length;
  const late = results.filter((r) => r.sent >= deadline).length;
  console.log(
    `[grant-deadline-burst] ${DRAFTS} submissions from −1.5 s to +1 s of the deadline: ${accepted.length} accepted, ` +
      `${refused.length} refused as late; answered before the deadline ${early}, sent after it ${late}; ` +
      `wrong ${wrong.length}`,
  );
  expect(accepted.length + refused.length).toBe(DRAFTS);
  expect(wrong.map((r) => `#${r.n} sent ${r.sent - deadline} ms, status ${r.status}`)).toEqual([]);
  // The burst straddled the deadline: both kinds happened.
  expect(accepted.length).toBeGreaterThan(4);
  expect(refused.length).toBeGreaterThan(4);

  await server.stop();
  const client = openFile(databaseFile(dataDir));
  const rows = await client.execute('SELECT id, status, submitted_at FROM grant_proposals ORDER BY id');
  client.close();
  const submitted = rows.rows.filter((r) => r.status === 'submitted');
  expect(submitted.map((r) => String(r.id)).sort()).toEqual(
    accepted.map((r) => proposals[r.n]!.split('/').pop()!).sort(),
  );
  expect(submitted.every((r) => Number(r.submitted_at) < deadline)).toBe(true);
  expect(rows.rows.filter((r) => r.status === 'draft').length).toBe(refused.length);
});
