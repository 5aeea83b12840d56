/**
 * 6. Memory: a fresh server's resident memory idle, then at the end of three runs of the mixed
 * workload (part 4) at 80% of the rate it held; growth from run 1 to run 3 is the leak check,
 * and the heap after a forced full GC tells a leak from a heap V8 is merely lazy to shrink.
 */
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { runOpenLoop } from '../lib/open-loop.ts';
import { peakRssMb, rssMb } from '../lib/processes.ts';
import { inspectorUrl, memoryAfterGc, type ServerMemory } from '../lib/profile.ts';
import { makeRow, type Row } from '../lib/report.ts';
import { sleep } from '../lib/stats.ts';
import { capacity, certificateCodes, mixedRequests, step, type Step } from './mixed.ts';
import { QUIZ_LEARNERS } from '../lib/workload.ts';

async function runMemory(ctx: BenchContext): Promise<PartResult> {
  const seeded = await ctx.startSeededServer(QUIZ_LEARNERS, { inspect: ctx.options.profile });
  const pid = seeded.server.pid;
  const inspector = inspectorUrl(seeded.server.log());
  const heap = async (): Promise<ServerMemory | null> => (inspector ? memoryAfterGc(inspector) : null);
  try {
    await sleep(2000);
    const idle = rssMb(pid);
    const heaps: (ServerMemory | null)[] = [await heap()];
    const certs = await certificateCodes(ctx, seeded);
    const next = mixedRequests(seeded.factory, certs.codes);
    // 80% of the rate the mixed workload held: sustained load, not a queue growing at the edge
    // (in-flight requests hold memory too). A short warm-up first, as a server that has been up.
    const held = ctx.shared.get('mixed.heldRate') as number | null | undefined;
    const rate = held
      ? Math.max(10, Math.round(held * 0.8))
      : Math.max(10, Math.round((await capacity(ctx, seeded, next)).rps * 0.4));
    await runOpenLoop({
      baseURL: seeded.server.baseURL,
      rate: Math.round(rate / 2),
      durationS: ctx.seconds(5, 2),
      next,
    });
    const durationS = ctx.seconds(20, 4);
    const ends: number[] = [];
    const runs: Step[] = [];
    for (let i = 1; i <= 3; i++) {
      ctx.log(`  memory run ${i}/3 at ${rate} req/s for ${durationS} s`);
      runs.push(await step(ctx, seeded, next, rate, durationS));
      ends.push(rssMb(pid) ?? Number.NaN);
      heaps.push(await heap());
      ctx.log(`  RSS after run ${i}: ${ends[i - 1]?.toFixed(1)} MB; after a full GC: ${JSON.stringify(heaps[i])}`);
    }
    const heapText = heaps.every((h) => h) ? heaps.map((h) => h!.heapUsedMb.toFixed(0)).join(' / ') : null;
    const externalText = heaps.every((h) => h) ? heaps.map((h) => h!.externalMb.toFixed(0)).join(' / ') : null;
    const peak = peakRssMb(pid);
    const first = ends[0] ?? Number.NaN;
    const last = ends[2] ?? Number.NaN;
    const rows: Row[] = [
      makeRow({ part: '6 Memory', metric: 'server RSS idle (fresh start)', value: idle, unit: 'MB' }),
      makeRow({
        part: '6 Memory',
        metric: 'RSS at end of mixed runs 1 / 2 / 3',
        value: last,
        unit: 'MB',
        text: `${ends.map((e) => e.toFixed(0)).join(' / ')} MB`,
        target: { op: '<=', value: 250 },
        note:
          `3 runs of ${durationS} s at ${rate} req/s (80% of the rate held in part 4), ` +
          `p95 ${runs.map((r) => `${Math.round(r.p95)}`).join(' / ')} ms; ` +
          `after a full GC the RSS is ${heaps
            .slice(1)
            .map((h) => (h ? h.rssMb.toFixed(0) : '?'))
            .join(' / ')} MB`,
      }),
      makeRow({
        part: '6 Memory',
        metric: 'peak RSS under load (VmHWM)',
        value: peak,
        unit: 'MB',
        target: { op: '<=', value: 250 },
      }),
      makeRow({
        part: '6 Memory',
        metric: 'RSS growth run 1 → run 3 (leak check)',
        value: last - first,
        unit: 'MB',
        note:
          'a steady leak shows as growth on every run; one-off growth after the first run is caches and JIT ' +
          'warming',
      }),
      ...(heapText
        ? [
            makeRow({
              part: '6 Memory',
              metric: 'JS heap after full GC: idle / runs 1 / 2 / 3',
              value: heaps[3]?.heapUsedMb ?? null,
              unit: 'MB',
              text: `${heapText} MB`,
              note: `external (native, reported to V8): ${externalText} MB`,
            }),
          ]
        : []),
    ];
    return { rows, details: { rate, durationS, idleMb: idle, endOfRunMb: ends, peakMb: peak, afterGc: heaps, runs } };
  } finally {
    await seeded.server.stop();
  }
}

export const memoryPart: Part = { name: 'memory', title: '6 Memory', run: runMemory };
