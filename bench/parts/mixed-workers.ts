/**
 * 4b. The mixed workload of part 4 on every core: a libSQL server (sqld) on the machine and the
 * app with OQU_WORKERS=auto against it (decision 055), beside part 4's one process on the
 * embedded file. The same mix, the same rule (the highest rate held with p95 ≤ 100 ms), fewer
 * steps. Then one open-loop run with the metrics scraped before and after: the scrape's request
 * count (every worker's, added up by the supervisor) against the load generator's answers.
 */
import { startSqld } from '../../tests/helpers/sqld.ts';
import { parse, total } from '../../tests/hardening/lib/metrics.ts';
import { freePort } from '../../tests/helpers/server.ts';
import { onCleanup } from '../lib/cleanup.ts';
import type { BenchContext, Part, PartResult, SeededServer } from '../lib/context.ts';
import { runOpenLoop } from '../lib/open-loop.ts';
import { makeRow } from '../lib/report.ts';
import { sleep } from '../lib/stats.ts';
import { QUIZ_LEARNERS, type LoadRequest } from '../lib/workload.ts';
import { capacity, certificateCodes, mixedRequests, P95_LIMIT_MS, step, THINK_TIME_S, type Step } from './mixed.ts';

/** Every request the server counted (`oqu_http_requests_total`, all labels), from its metrics port. */
async function requestsCounted(port: number): Promise<number> {
  return total(parse(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()), 'oqu_http_requests_total');
}

/** The highest of a few rates (shares of the closed-loop capacity) held, confirmed once. */
async function heldRate(
  ctx: BenchContext,
  seeded: SeededServer,
  next: () => LoadRequest,
  max: number,
  steps: Step[],
  sqldPid: number,
): Promise<Step | undefined> {
  const stepS = ctx.seconds(10, 3);
  let held: Step | undefined;
  for (const fraction of [0.4, 0.55, 0.7, 0.85, 1.0]) {
    const s = await step(ctx, seeded, next, Math.max(10, Math.round(max * fraction)), stepS, [sqldPid]);
    steps.push(s);
    if (!s.passed) break;
    held = s;
  }
  if (!held) return undefined;
  ctx.log(`  confirming ${held.rate} req/s`);
  const confirm = await step(ctx, seeded, next, held.rate, stepS, [sqldPid]);
  steps.push(confirm);
  return confirm.passed ? held : undefined;
}

async function runMixedWorkers(ctx: BenchContext): Promise<PartResult> {
  const sqld = await startSqld();
  const unregister = onCleanup('stop sqld', () => sqld.stop());
  const metricsPort = await freePort();
  const seeded = await ctx.startSeededServer(QUIZ_LEARNERS, {
    databaseUrl: sqld.url,
    env: { OQU_WORKERS: 'auto', OQU_METRICS_PORT: String(metricsPort) },
  });
  try {
    const certs = await certificateCodes(ctx, seeded);
    const next = mixedRequests(seeded.factory, certs.codes);
    const cap = await capacity(ctx, seeded, next, [sqld.pid]);
    const steps: Step[] = [];
    const held = await heldRate(ctx, seeded, next, cap.rps, steps, sqld.pid);

    // The scrape against the load generator: every answer it got must be counted once.
    const rate = Math.max(10, Math.round((held?.rate ?? cap.rps) * 0.5));
    const before = await requestsCounted(metricsPort);
    const run = await runOpenLoop({ baseURL: seeded.server.baseURL, rate, durationS: ctx.seconds(10, 3), next });
    const answered = Object.values(run.statuses).reduce((a, b) => a + b, 0);
    let counted = 0;
    for (let tries = 0; tries < 20; tries++) {
      counted = (await requestsCounted(metricsPort)) - before;
      if (counted >= answered) break;
      await sleep(100); // a request is counted when its connection has closed
    }
    ctx.log(`  metrics scrape: ${counted} requests counted; the load generator got ${answered} answers`);

    const single = ctx.shared.get('mixed.heldRate') as number | null | undefined;
    const compared =
      typeof single === 'number' ? `part 4's one process on the file held ${single} req/s in this run` : '';
    return {
      rows: [
        makeRow({
          part: '4b Mixed, every core',
          metric: `highest rate held with p95 ≤ ${P95_LIMIT_MS} ms (sqld, OQU_WORKERS=auto)`,
          value: held?.rate ?? null,
          unit: 'req/s',
          ...(typeof single === 'number' ? { baseline: { value: single, label: 'part 4, one process' } } : {}),
          note:
            (held
              ? `p95 ${held.p95} ms, the app's processes and sqld used ${held.serverCores.toFixed(2)} cores; `
              : 'no rate held; ') +
            `closed-loop maximum ${Math.round(cap.rps)} req/s, ${cap.cpuMsPerRequest.toFixed(2)} ms CPU per request ` +
            `(the app's processes and sqld); ${compared || 'run with part 4 (--only mixed,mixed-workers) to compare'}`,
        }),
        makeRow({
          part: '4b Mixed, every core',
          metric: `concurrent trainees (1 request / ${THINK_TIME_S} s)`,
          value: held ? held.rate * THINK_TIME_S : null,
          unit: '',
        }),
        makeRow({
          part: '4b Mixed, every core',
          metric: 'metrics scrape: requests counted / load generator answers',
          value: answered ? counted / answered : null,
          unit: '',
          target: { op: '>=', value: 1 },
          note: `${counted} counted by one scrape of all workers, ${answered} answers at ${rate} req/s`,
        }),
      ],
      details: { capacity: cap, steps, scrape: { counted, answered, rate }, certificates: certs.status },
    };
  } finally {
    await seeded.server.stop();
    unregister();
    await sqld.stop();
  }
}

export const mixedWorkersPart: Part = {
  name: 'mixed-workers',
  title: '4b Mixed workload on every core (sqld, OQU_WORKERS=auto)',
  run: runMixedWorkers,
};
