/**
 * 7. Certificates: runs the certificate benchmark someone else wrote (bench/certificates.ts,
 * called as a separate process, not modified) and takes its numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { runCommand } from '../lib/processes.ts';
import { makeRow } from '../lib/report.ts';

/** The fields of bench/certificates.ts's JSON that are used here. */
interface CertificateBenchJson {
  count: number;
  coldStartMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  medianKb: number;
  maxKb: number;
  targets: { medianMs: number; sizeKb: number };
}

const PART = '7 Certificates';

async function run(ctx: BenchContext): Promise<PartResult> {
  const script = join(ctx.projectRoot, 'bench', 'certificates.ts');
  if (!existsSync(script)) return { rows: [makeRow({ part: PART, metric: 'PDF rendering', value: null, unit: '', text: 'not available yet (bench/certificates.ts missing)' })] };
  const out = join(ctx.tmp, 'certificates.json');
  const args = [script, '--json-out', out, ...(ctx.quick ? ['--count', '60'] : [])];
  try {
    await runCommand(process.execPath, args, { cwd: ctx.projectRoot });
  } catch (error) {
    // It exits 1 when a target is missed; the JSON is still written.
    if (!existsSync(out)) throw error;
  }
  const r = JSON.parse(readFileSync(out, 'utf8')) as CertificateBenchJson;
  return {
    rows: [
      makeRow({ part: PART, metric: 'PDF render, median', value: r.medianMs, unit: 'ms', target: { op: '<=', value: r.targets.medianMs }, note: `${r.count} PDFs in one process; first (cold) ${r.coldStartMs} ms, max ${r.maxMs} ms` }),
      makeRow({ part: PART, metric: 'PDF render, p95', value: r.p95Ms, unit: 'ms' }),
      makeRow({ part: PART, metric: 'PDF size, median / max', value: r.maxKb, unit: 'KB', text: `${r.medianKb} / ${r.maxKb} KB`, target: { op: '<=', value: r.targets.sizeKb } }),
    ],
    details: r,
  };
}

export const certificatesPart: Part = { name: 'certificates', title: '7 Certificates', run };

/** The fields of bench/dashboards.ts's JSON line that are used here. */
interface DashboardBenchJson {
  course: string;
  cohortMembers: number;
  targetMs: number;
  timings: { name: string; scope: string; p50: number; p95: number }[];
}

/**
 * 8. Dashboards: seeds a big copy (100,000 trainees, 300,000 enrolments, 3,000,000 progress
 * rows; bench/seed-big.ts) and times every dashboard query and whole page on it
 * (bench/dashboards.ts). Target: every dashboard page under 300 ms at p95.
 */
export const dashboardsPart: Part = {
  name: 'dashboards',
  title: '8 Dashboards',
  run: async (ctx) => {
    const part = '8 Dashboards';
    const db = join(ctx.tmp, 'big.db');
    const scale = ctx.quick ? ['--scale', '0.1'] : [];
    const seedStarted = Date.now();
    await runCommand(process.execPath, [join(ctx.projectRoot, 'bench', 'seed-big.ts'), '--db', db, ...scale], { cwd: ctx.projectRoot });
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    let stdout = '';
    try {
      stdout = await runCommand(process.execPath, [join(ctx.projectRoot, 'bench', 'dashboards.ts'), '--db', db, '--runs', ctx.quick ? '5' : '20'], { cwd: ctx.projectRoot });
    } catch (error) {
      // It exits 1 when a page misses the target; its output is in the error.
      stdout = error instanceof Error ? error.message : String(error);
    }
    const line = stdout.split('\n').reverse().find((l) => l.startsWith('{"name":"dashboards"'));
    if (!line) throw new Error(`bench/dashboards.ts printed no result:\n${stdout.slice(-2000)}`);
    const r = JSON.parse(line) as DashboardBenchJson;
    const pages = r.timings.filter((t) => t.name.startsWith('page'));
    const recount = r.timings.find((t) => t.name.startsWith('recount'));
    return {
      rows: [
        makeRow({ part, metric: `seed: ${ctx.quick ? '10,000' : '100,000'} trainees, ${ctx.quick ? '30,000' : '300,000'} enrolments, ${ctx.quick ? '300,000' : '3,000,000'} progress rows`, value: seedSeconds, unit: 's' }),
        ...pages.map((t) => makeRow({ part, metric: `${t.name}, ${t.scope}: p50 / p95`, value: t.p95, unit: 'ms', text: `${t.p50} / ${t.p95} ms`, target: { op: '<=', value: r.targetMs } })),
        ...(recount ? [makeRow({ part, metric: `${recount.name}, ${recount.scope} (oqu prepare, before serving)`, value: recount.p50 / 1000, unit: 's' })] : []),
      ],
      details: r,
    };
  },
};
