/**
 * A 20,000-row cohort import must not stall the server: /healthz keeps answering within a
 * second while it runs (it once waited 24.9 s), and without SMTP no invitation link reaches
 * the log (the import once wrote 20,000 live password links there). A further import in the
 * same hour is refused (the per-trainer hourly allowance).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { importCsv, visibleText } from './lib/cohort-forms.ts';
import { summarize } from './lib/http.ts';
import { createWorld, type World } from './lib/world.ts';

let w: World;
beforeAll(async () => {
  w = await createWorld('stall', { sessions: 4, env: { SMTP_URL: '' } });
});
afterAll(async () => {
  await w?.close();
});

test('/healthz answers within 1 s while a 20,000-row import runs; no links in the log', async () => {
  const cohortPath = `/en/trainer/cohorts/${w.cohortId}`;
  const rows = Array.from(
    { length: 20_000 },
    (_, i) => `Тыңдаушы ${i};stall${i}@oqu.test;${['kk', 'ru', 'en'][i % 3]}`,
  );
  const started = performance.now();
  let done = false;
  const importing = importCsv(
    w.http,
    cohortPath,
    `name;email;language\n${rows.join('\n')}\n`,
    w.cookie('trainer'),
    300_000,
  ).finally(() => (done = true));
  const waits: number[] = [];
  while (!done) {
    const res = await w.http.get('/healthz', { timeoutMs: 60_000 });
    expect(res.status).toBe(200);
    waits.push(res.ms);
    await new Promise((r) => setTimeout(r, 50));
  }
  const imported = await importing;
  const took = performance.now() - started;
  console.log(
    `[import-does-not-stall-server] import ${imported.status} in ${(took / 1000).toFixed(1)} s; /healthz ` +
      `×${waits.length}: ${summarize(waits)}`,
  );
  expect(imported.status).toBe(200);
  expect(visibleText(imported.text)).toContain('Invitations sent: 20000;');
  expect(waits.length).toBeGreaterThan(3);
  expect(Math.max(...waits)).toBeLessThan(1_000);

  // The invitations go out in the background: once its line is in the log, the sending is over.
  await expect
    .poll(() => w.server.log(), { timeout: 30_000, interval: 50 })
    .toContain('20000 cohort invitation e-mail(s) were not sent');
  const log = w.server.log();
  expect(log).not.toMatch(/reset-password|token=/);
  expect(log).not.toContain('stall1@oqu.test');

  const again = await importCsv(w.http, cohortPath, 'One More;one.more@oqu.test;en\n', w.cookie('trainer'));
  expect(again.status).toBe(429);
  expect(visibleText(again.text)).toContain('You have imported the most rows allowed in one hour.');
});
