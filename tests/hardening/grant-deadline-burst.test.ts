/**
 * The deadline of a grant call holds under a burst of last-second submissions (decision 040):
 * sixty drafts, complete and valid, are submitted over HTTP at instants spread from 1.5 s before
 * the deadline to 1 s after it. Every submission whose answer came back before the deadline
 * was accepted; every one sent after it was refused with the deadline in the message and stayed
 * a draft; and the database holds exactly the accepted ones, each stamped before the deadline.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { grantCalls, grantProposals } from '#db/schema.ts';
import { callRow, PROPOSAL_ANSWERS } from './lib/grants.ts';
import { closeDatabase, openFile, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

const DRAFTS = 60;
const CALL = 'burstcall';
let server: RunningServer;
let http: HttpClient;
let dataDir: string;
let lead: SeedUser;
let deadline: number;

beforeAll(async () => {
  dataDir = makeDataDir('grant-burst');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  lead = (await seedUsers(db, [{ email: 'burst-lead@oqu.test', name: 'Burst Lead', sessions: 1 }]))[0]!;
  // Far enough ahead for the server to start; the burst waits for it.
  deadline = Date.now() + 25_000;
  await db.insert(grantCalls).values({ ...callRow(CALL, 'open', deadline), proposalsPerLead: DRAFTS });
  const now = new Date();
  await db.insert(grantProposals).values(
    Array.from({ length: DRAFTS }, (_, n) => ({
      id: `burst${String(n).padStart(3, '0')}`,
      callId: CALL,
      leadId: lead.id,
      status: 'draft' as const,
      answers: PROPOSAL_ANSWERS,
      budget: [{ item: 'Saplings', tenge: 500_000 }],
      createdAt: now,
      updatedAt: now,
    })),
  );
  closeDatabase(db);
  server = await startServer({ dataDir });
  http = new HttpClient(server.baseURL);
}, 60_000);
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
  expect(Date.now()).toBeLessThan(start);
  const results = await Promise.all(
    Array.from({ length: DRAFTS }, async (_, n) => {
      await new Promise((r) => setTimeout(r, start + n * spacing - Date.now()));
      const sent = Date.now();
      const res = await http.post(`/en/grants/proposals/burst${String(n).padStart(3, '0')}`, form, {
        cookie: lead.cookies[0],
      });
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
  const rows = await client.execute(
    "SELECT id, status, submitted_at FROM grant_proposals WHERE call_id = 'burstcall' ORDER BY id",
  );
  client.close();
  const submitted = rows.rows.filter((r) => r.status === 'submitted');
  expect(submitted.map((r) => String(r.id)).sort()).toEqual(
    accepted.map((r) => `burst${String(r.n).padStart(3, '0')}`).sort(),
  );
  expect(submitted.every((r) => Number(r.submitted_at) < deadline)).toBe(true);
  expect(rows.rows.filter((r) => r.status === 'draft').length).toBe(refused.length);
});
