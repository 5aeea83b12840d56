/**
 * 4. Mixed workload: many signed-in trainees browsing (70%), marking lessons done (20%),
 * submitting quizzes (8%) and downloading certificates (2%, while that route does not exist
 * the other kinds share its weight). The rate is stepped up, open loop, until p95 passes
 * 100 ms; the highest rate held becomes concurrent trainees at one request per 30 s.
 */
import { runClosedLoop } from '../lib/closed-loop.ts';
import type { BenchContext, Part, PartResult, SeededServer } from '../lib/context.ts';
import { runOpenLoop, type OpenLoopResult } from '../lib/open-loop.ts';
import { watchCpu } from '../lib/processes.ts';
import { describeProfile } from '../lib/profile.ts';
import { makeRow, type Row } from '../lib/report.ts';
import { round, sleep } from '../lib/stats.ts';
import { pickOne, QUIZ_LEARNERS, type LoadRequest, type RequestFactory } from '../lib/workload.ts';

export const P95_LIMIT_MS = 100;
export const THINK_TIME_S = 30;
const MAX_FAILED_SHARE = 0.01;

/** Weights in per cent of requests. */
export const MIX = {
  browse: { lesson: 50, syllabus: 10, catalogue: 5, account: 5 },
  progress: 20,
  quiz: 8,
  certificate: 2,
} as const;

/** A request builder for the mix; without certificate codes, that 2% goes to the others. */
export function mixedRequests(factory: RequestFactory, certificateCodes: readonly string[]): () => LoadRequest {
  const table: [number, () => LoadRequest][] = [
    [MIX.browse.lesson, () => factory.lesson()],
    [MIX.browse.syllabus, () => factory.syllabus(pickOne(factory.content.courses))],
    [MIX.browse.catalogue, () => factory.catalogue()],
    [MIX.browse.account, () => factory.account()],
    [MIX.progress, () => factory.markDone()],
    [MIX.quiz, () => factory.quiz()],
  ];
  if (certificateCodes.length > 0) table.push([MIX.certificate, () => factory.certificate(pickOne(certificateCodes))]);
  const total = table.reduce((s, [w]) => s + w, 0);
  return () => {
    let r = Math.random() * total;
    for (const [weight, make] of table) {
      r -= weight;
      if (r < 0) return make();
    }
    return table[0]![1]();
  };
}

export async function certificateCodes(
  ctx: BenchContext,
  seeded: SeededServer,
): Promise<{ codes: string[]; status: string }> {
  if (!ctx.certificateRoute())
    return {
      codes: [],
      status: 'certificate downloads: not available yet (no route); their 2% is spread over the other kinds',
    };
  const codes = await ctx.obtainCertificates(seeded, 20);
  return {
    codes,
    status: codes.length
      ? `certificate downloads from ${codes.length} certificates`
      : 'certificate route exists but no certificate could be obtained; 2% spread over the other kinds',
  };
}

export interface Step {
  rate: number;
  passed: boolean;
  p95: number;
  p99: number;
  failedShare: number;
  achievedRate: number;
  serverCores: number;
  /** Share of runnable time the server waited for a CPU taken by other programs. */
  cpuWaitShare: number;
  sendLagP99: number;
  byKind: OpenLoopResult['byKind'];
  statuses: Record<string, number>;
}

export async function step(
  ctx: BenchContext,
  seeded: SeededServer,
  next: () => LoadRequest,
  rate: number,
  durationS: number,
  /** Other processes the server's work runs in (a libSQL server), counted in its CPU. */
  alsoWatch: readonly number[] = [],
): Promise<Step> {
  const watch = watchCpu([seeded.server.pid, ...alsoWatch]);
  const r = await runOpenLoop({ baseURL: seeded.server.baseURL, rate, durationS, next });
  const { cores: serverCores, cpuWaitShare } = watch();
  const failedShare = r.sent ? r.failed / r.sent : 1;
  const passed = r.latency.p95 <= P95_LIMIT_MS && failedShare <= MAX_FAILED_SHARE;
  ctx.log(
    `  ${rate} req/s: p95 ${r.latency.p95} ms, p99 ${r.latency.p99} ms, failed ${(failedShare * 100).toFixed(2)}%, ` +
      `server CPU ${serverCores.toFixed(2)} cores, waited for a CPU ${(cpuWaitShare * 100).toFixed(0)}%, client lag ` +
      `p99 ${r.sendLagP99} ms -> ${passed ? 'held' : 'not held'}`,
  );
  return {
    rate,
    passed,
    p95: r.latency.p95,
    p99: r.latency.p99,
    failedShare,
    achievedRate: r.achievedRate,
    serverCores,
    cpuWaitShare,
    sendLagP99: r.sendLagP99,
    byKind: r.byKind,
    statuses: r.statuses,
  };
}

interface Capacity {
  rps: number;
  /** Server CPU per request of the mix, in ms (from the cores used while saturated). */
  cpuMsPerRequest: number;
  cpuWaitShare: number;
}

/** Closed-loop capacity of the mix (a starting point for the steps) and its CPU cost per request. */
export async function capacity(
  ctx: BenchContext,
  seeded: SeededServer,
  next: () => LoadRequest,
  alsoWatch: readonly number[] = [],
): Promise<Capacity> {
  await runClosedLoop({
    baseURL: seeded.server.baseURL,
    connections: 50,
    durationS: ctx.seconds(2, 1),
    next,
    accept: [200, 303],
  });
  const watch = watchCpu([seeded.server.pid, ...alsoWatch]);
  const r = await runClosedLoop({
    baseURL: seeded.server.baseURL,
    connections: 50,
    durationS: ctx.seconds(5, 2),
    next,
    accept: [200, 303],
  });
  const cpu = watch();
  const cpuMsPerRequest = (cpu.cores * 1000) / Math.max(r.rps, 1);
  ctx.log(
    `  closed-loop capacity of the mix: ${Math.round(r.rps)} req/s (p99 ${r.latency.p99} ms, statuses ` +
      `${JSON.stringify(r.statuses)}), server CPU ${cpu.cores.toFixed(2)} cores = ${cpuMsPerRequest.toFixed(2)} ms ` +
      `per request, waited for a CPU ${(cpu.cpuWaitShare * 100).toFixed(0)}%`,
  );
  return { rps: r.rps, cpuMsPerRequest, cpuWaitShare: cpu.cpuWaitShare };
}

/** A step, run again once when it fails: on a shared machine one bad second can fail a step. */
async function stepWithRetry(
  ctx: BenchContext,
  seeded: SeededServer,
  next: () => LoadRequest,
  rate: number,
  durationS: number,
  steps: Step[],
): Promise<Step> {
  const first = await step(ctx, seeded, next, rate, durationS);
  steps.push(first);
  if (first.passed) return first;
  await sleep(1000);
  const again = await step(ctx, seeded, next, rate, durationS);
  steps.push(again);
  return again;
}

async function runMixed(ctx: BenchContext): Promise<PartResult> {
  const seeded = await ctx.startSeededServer(QUIZ_LEARNERS, { inspect: ctx.options.profile });
  try {
    const certs = await certificateCodes(ctx, seeded);
    const next = mixedRequests(seeded.factory, certs.codes);
    const cap = await capacity(ctx, seeded, next);
    const max = cap.rps;
    const stepS = ctx.seconds(10, 3);
    const steps: Step[] = [];
    let held: Step | undefined;
    let failedAt: Step | undefined;
    for (const fraction of [0.4, 0.55, 0.7, 0.8, 0.9, 1.0, 1.1]) {
      const s = await stepWithRetry(ctx, seeded, next, Math.max(10, Math.round(max * fraction)), stepS, steps);
      if (!s.passed) {
        failedAt = s;
        break;
      }
      held = s;
    }
    for (let rate = Math.round(max * 0.25); !held && rate >= 10; rate = Math.round(rate / 2)) {
      const s = await stepWithRetry(ctx, seeded, next, rate, stepS, steps);
      if (s.passed) held = s;
      else failedAt = s;
    }
    if (held && failedAt && !ctx.quick && failedAt.rate - held.rate > held.rate * 0.05) {
      const s = await step(ctx, seeded, next, Math.round((held.rate + failedAt.rate) / 2), stepS);
      steps.push(s);
      if (s.passed) held = s;
    }
    // A rate counts as held only if a second run at it also passes; otherwise step down 10%.
    for (let tries = 0; held && tries < 4; tries++) {
      ctx.log(`  confirming ${held.rate} req/s`);
      const confirm = await step(ctx, seeded, next, held.rate, stepS);
      steps.push(confirm);
      if (confirm.passed) break;
      const lower = Math.round(held.rate * 0.9);
      const s = await step(ctx, seeded, next, lower, stepS);
      steps.push(s);
      held = s.passed ? s : undefined;
      if (!held && lower >= 20) {
        const lowest = await step(ctx, seeded, next, Math.round(lower * 0.8), stepS);
        steps.push(lowest);
        held = lowest.passed ? lowest : undefined;
      }
    }
    const heldRate = held?.rate ?? null;
    ctx.shared.set('mixed.heldRate', heldRate);
    const profile = held
      ? await ctx.profile(seeded, () =>
          runOpenLoop({ baseURL: seeded.server.baseURL, rate: held.rate, durationS: ctx.seconds(5, 2), next }),
        )
      : null;
    if (profile) ctx.log(`  profile at ${held?.rate} req/s: ${describeProfile(profile)}`);
    const trainees = heldRate === null ? null : heldRate * THINK_TIME_S;
    const cores = held ? Math.max(1, held.serverCores) : null;
    const perCore = trainees !== null && cores !== null ? trainees / cores : null;
    const kinds = held
      ? Object.entries(held.byKind)
          .map(([k, v]) => `${k} p95 ${v.p95} ms`)
          .join(', ')
      : '';
    const rows: Row[] = [
      makeRow({
        part: '4 Mixed',
        metric: `highest rate held with p95 ≤ ${P95_LIMIT_MS} ms`,
        value: heldRate,
        unit: 'req/s',
        note: held
          ? `p95 ${held.p95} ms, p99 ${held.p99} ms at that rate (${kinds}); ${certs.status}; closed-loop maximum ` +
            `${Math.round(max)} req/s`
          : `no rate held; ${certs.status}`,
      }),
      makeRow({
        part: '4 Mixed',
        metric: `concurrent trainees (1 request / ${THINK_TIME_S} s)`,
        value: trainees,
        unit: '',
      }),
      makeRow({
        part: '4 Mixed',
        metric: 'server CPU per request of the mix',
        value: cap.cpuMsPerRequest,
        unit: 'ms',
        note:
          `measured while saturated (closed loop, ${Math.round(max)} req/s); one core could serve at most ` +
          `${Math.round(1000 / cap.cpuMsPerRequest)} req/s = ` +
          `${Math.round((1000 / cap.cpuMsPerRequest) * THINK_TIME_S).toLocaleString('en-GB')} trainees if nothing ` +
          `else ran and latency were no limit`,
      }),
      makeRow({
        part: '4 Mixed',
        metric: 'trainees per core',
        value: perCore,
        unit: '',
        target: { op: '>=', value: 5000 },
        ...(held
          ? {
              note:
                `server process used ${held.serverCores.toFixed(2)} cores at that rate (divided by max(1, that)) ` +
                `and waited for a CPU ${(held.cpuWaitShare * 100).toFixed(0)}% of its runnable time` +
                (profile ? `; profile: ${describeProfile(profile)}` : ''),
            }
          : {}),
      }),
    ];
    return {
      rows,
      details: {
        profile,
        mix: MIX,
        thinkTimeS: THINK_TIME_S,
        p95LimitMs: P95_LIMIT_MS,
        closedLoopCapacity: round(max, 0),
        capacity: cap,
        stepSeconds: stepS,
        steps,
        certificates: certs.status,
      },
    };
  } finally {
    await seeded.server.stop();
  }
}

export const mixedPart: Part = { name: 'mixed', title: '4 Mixed workload', run: runMixed };
