/**
 * 8. Dashboards: seeds a big copy (100,000 trainees, 300,000 enrolments, 3,000,000 progress
 * rows; bench/seed-big.ts), times every report query on it (bench/dashboards.ts), then every
 * trainer and admin page through the real server (bench/dashboard-pages.ts, on the build
 * copied for this run). Target: every dashboard page under 300 ms at p95.
 */
import { join } from 'node:path';
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { runCommand } from '../lib/processes.ts';
import { makeRow, type Row } from '../lib/report.ts';

const PART = '8 Dashboards';

interface Timing {
  name: string;
  scope?: string;
  p50: number;
  p95: number;
}

/**
 * The last JSON line named `name` in a script's output (it exits 1 when a target is missed, the output is in the error
 * then).
 */
export async function runJsonScript<T>(ctx: BenchContext, name: string, args: string[]): Promise<T> {
  const stdout = await runCommand(process.execPath, args, { cwd: ctx.projectRoot, anyExitCode: true });
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(`{"name":"${name}"`));
  if (!line) throw new Error(`${args[0]} printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line) as T;
}

async function run(ctx: BenchContext): Promise<PartResult> {
  const db = join(ctx.tmp, 'big.db');
  const scale = ctx.quick ? ['--scale', '0.1'] : [];
  const seedStarted = Date.now();
  await runCommand(process.execPath, [join(ctx.projectRoot, 'bench', 'seed-big.ts'), '--db', db, ...scale], {
    cwd: ctx.projectRoot,
  });
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const runs = ctx.quick ? '5' : '20';
  const queries = await runJsonScript<{ targetMs: number; timings: Timing[] }>(ctx, 'dashboards', [
    join(ctx.projectRoot, 'bench', 'dashboards.ts'),
    '--db',
    db,
    '--runs',
    runs,
  ]);
  const target = { op: '<=' as const, value: queries.targetMs };
  const rows: Row[] = [
    makeRow({
      part: PART,
      metric:
        `seed: ${ctx.quick ? '10,000' : '100,000'} trainees, ${ctx.quick ? '30,000' : '300,000'} enrolments, ` +
        `${ctx.quick ? '300,000' : '3,000,000'} progress rows, ${ctx.quick ? '30,000' : '300,000'} submissions`,
      value: seedSeconds,
      unit: 's',
    }),
    ...queries.timings
      .filter((t) => t.name.startsWith('page'))
      .map((t) =>
        makeRow({
          part: PART,
          metric: `queries of ${t.name}, ${t.scope}: p50 / p95`,
          value: t.p95,
          unit: 'ms',
          text: `${t.p50} / ${t.p95} ms`,
          target,
        }),
      ),
  ];
  const recount = queries.timings.find((t) => t.name.startsWith('recount'));
  if (recount)
    rows.push(
      makeRow({
        part: PART,
        metric: `${recount.name}, ${recount.scope} (in oqu prepare, before serving)`,
        value: recount.p50 / 1000,
        unit: 's',
      }),
    );
  let pages: { firstView: { max: number; p50: number }; timings: Timing[] } | null = null;
  if (ctx.hasSnapshot()) {
    pages = await runJsonScript<{ firstView: { max: number; p50: number }; timings: Timing[] }>(
      ctx,
      'dashboard-pages',
      [join(ctx.projectRoot, 'bench', 'dashboard-pages.ts'), '--db', db, '--runs', runs, '--root', ctx.site().root],
    );
    for (const t of pages.timings)
      rows.push(
        makeRow({
          part: PART,
          metric: `page ${t.name} (HTTP): p50 / p95`,
          value: t.p95,
          unit: 'ms',
          text: `${t.p50} / ${t.p95} ms`,
          target,
        }),
      );
    rows.push(
      makeRow({
        part: PART,
        metric: 'page course dashboard, first view after a restart (HTTP): p50 / max of 3',
        value: pages.firstView.max,
        unit: 'ms',
        text: `${pages.firstView.p50} / ${pages.firstView.max} ms`,
        target,
      }),
    );
  }
  return { rows, details: { queries, pages } };
}

export const dashboardsPart: Part = { name: 'dashboards', title: PART, run };
