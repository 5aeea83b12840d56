/**
 * Oqu's benchmark suite: `npm run bench [-- --quick] [-- --only http,mixed] [-- --no-build]`.
 *
 * Builds the site (unless --no-build), then measures, each on its own server with a fresh
 * temporary database: page weight, Lighthouse, HTTP throughput against nginx, a mixed workload
 * of signed-in trainees, memory, build time for ~1,000 lessons, certificate rendering, and the
 * dashboards and review pages on a seeded copy of 100,000 trainees and 300,000 submissions, and
 * the server's memory during ten concurrent 20 MB uploads, and discussions (board, long thread, search,
 * posting) on a small seeded copy. Prints one Markdown table (stdout; progress
 * goes to stderr) and writes bench/results/latest.json with the machine it ran on. Everything it starts is stopped and
 * every temporary file removed, also on failure or Ctrl-C. See docs/benchmarks.md.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installCleanupHandlers, onCleanup, runCleanups } from './lib/cleanup.ts';
import { BenchContext, type BenchOptions, type Part } from './lib/context.ts';
import { machineInfo } from './lib/machine.ts';
import { findNginx } from './lib/nginx.ts';
import { runCommand } from './lib/processes.ts';
import { makeRow, renderNotes, renderTable, unmeasuredLines, writeJson, type Row } from './lib/report.ts';
import { ensureTools, type Tool } from './lib/requirements.ts';
import { buildTimePart } from './parts/build-time.ts';
import { certificatesPart } from './parts/certificates.ts';
import { dashboardsPart } from './parts/dashboards.ts';
import { discussionsPart } from './parts/discussions.ts';
import { httpPart } from './parts/http.ts';
import { CHROMIUM, lighthousePart } from './parts/lighthouse.ts';
import { memoryPart } from './parts/memory.ts';
import { mixedPart } from './parts/mixed.ts';
import { mixedWorkersPart } from './parts/mixed-workers.ts';
import { replicaPart } from './parts/replica.ts';
import { pageWeightPart } from './parts/page-weight.ts';
import { uploadsPart } from './parts/uploads.ts';

const PARTS: Part[] = [
  pageWeightPart,
  lighthousePart,
  httpPart,
  mixedPart,
  mixedWorkersPart,
  replicaPart,
  memoryPart,
  certificatesPart,
  buildTimePart,
  dashboardsPart,
  uploadsPart,
  discussionsPart,
];
/** Parts that measure the project's own build in dist/ (the others need no build). */
const NEEDS_BUILD = new Set([
  'page-weight',
  'lighthouse',
  'http',
  'mixed',
  'mixed-workers',
  'replica',
  'memory',
  'dashboards',
  'uploads',
  'discussions',
]);
const projectRoot = join(import.meta.dirname, '..');
/** What parts measure against or with, installed before the run where the machine allows. */
const TOOLS: Tool[] = [
  { name: 'nginx', debianPackage: 'nginx', parts: ['http'], present: () => findNginx() !== null },
  { name: 'Chromium', debianPackage: 'chromium', parts: ['lighthouse'], present: () => existsSync(CHROMIUM) },
];

const USAGE = `usage: npm run bench [-- options]
  --quick           short runs, for a smoke check (numbers are not comparable)
  --only <parts>    comma-separated: ${PARTS.map((p) => p.name).join(', ')}
  --no-build        measure the existing dist/ instead of running npm run build first
  --no-profile      skip the extra profiled runs that show where the server's time goes
  --help`;

function parseOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      'no-build': { type: 'boolean', default: false },
      'no-profile': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = values.only
    ? values.only
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean)
    : null;
  const unknown = only?.filter((name) => !PARTS.some((p) => p.name === name)) ?? [];
  if (unknown.length) {
    console.error(`unknown part: ${unknown.join(', ')}\n${USAGE}`);
    process.exit(2);
  }
  return { quick: values.quick ?? false, build: !values['no-build'], profile: !values['no-profile'], only };
}

async function main(): Promise<number> {
  const options = parseOptions();
  installCleanupHandlers();
  const startedAt = new Date();
  const tmp = mkdtempSync(join(tmpdir(), 'oqu-bench-'));
  onCleanup('remove temporary files', () => rmSync(tmp, { recursive: true, force: true }));
  const ctx = new BenchContext(projectRoot, options, tmp);
  const selected = PARTS.filter((p) => !options.only || options.only.includes(p.name));
  const unmeasured = ensureTools(
    TOOLS,
    selected.map((p) => p.name),
    (line) => ctx.log(line),
  );
  const machine = machineInfo(findNginx(), CHROMIUM);
  ctx.log(
    `Oqu benchmark${options.quick ? ' (quick)' : ''}: ${selected.map((p) => p.name).join(', ')}\nmachine: ` +
      `${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGb} GB, Node ${machine.node}`,
  );

  if (options.build && selected.some((p) => NEEDS_BUILD.has(p.name))) {
    ctx.log('\n== npm run build');
    const started = performance.now();
    await runCommand('npm', ['run', 'build'], {
      cwd: projectRoot,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    ctx.log(`   built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  // Copy the build before anyone rebuilds it.
  if (selected.some((p) => NEEDS_BUILD.has(p.name))) await ctx.takeSnapshot();

  const rows: Row[] = [];
  const parts: Record<
    string,
    {
      title: string;
      seconds: number;
      loadAverage: { before: number[]; after?: number[] };
      details?: unknown;
      error?: string;
    }
  > = {};
  let failed = 0;
  for (const part of selected) {
    ctx.log(`\n== ${part.title}`);
    const started = performance.now();
    const before = loadavg();
    try {
      const result = await part.run(ctx);
      rows.push(...result.rows);
      parts[part.name] = {
        title: part.title,
        seconds: (performance.now() - started) / 1000,
        loadAverage: { before, after: loadavg() },
        details: result.details,
      };
    } catch (error) {
      failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      ctx.log(`   ${part.name} failed: ${message}`);
      rows.push(
        makeRow({ part: part.title, metric: 'run', value: null, unit: '', text: `failed: ${message.split('\n')[0]}` }),
      );
      parts[part.name] = {
        title: part.title,
        seconds: (performance.now() - started) / 1000,
        loadAverage: { before, after: loadavg() },
        error: message,
      };
    }
  }

  // Other programs on the machine change every throughput figure: say how busy it was.
  const loadEnd = loadavg()[0] ?? 0;
  rows.unshift(
    makeRow({
      part: '0 Run',
      metric: 'machine load average (1 min), start → end',
      value: loadEnd,
      unit: '',
      text: `${(machine.loadAverage[0] ?? 0).toFixed(1)} → ${loadEnd.toFixed(1)} on ${machine.cores} cores`,
      note:
        'above the core count, other programs competed for the CPU: see "waited for a CPU" in the notes; ' +
        'throughput is then a lower bound',
    }),
  );
  const table = renderTable(rows);
  const notes = renderNotes(rows);
  const judged = rows.filter((r) => r.met !== null);
  const failedNote = failed ? `; ${failed} part(s) failed` : '';
  const summary = `Targets met: ${judged.filter((r) => r.met).length} of ${judged.length}${failedNote}.`;
  const notMeasured = [...unmeasured, ...unmeasuredLines(rows)];
  const top = notMeasured.length ? `\nNot measured:\n${notMeasured.map((l) => `- ${l}`).join('\n')}\n` : '';
  console.log(`${top}\n${table}\n\n${summary}\n${notes ? `\nNotes:\n${notes}\n` : ''}`);
  const file = join(projectRoot, 'bench', 'results', 'latest.json');
  writeJson(file, {
    machine,
    startedAt: startedAt.toISOString(),
    durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
    options,
    summary,
    notMeasured,
    table,
    rows,
    parts,
  });
  ctx.log(`results: ${file}`);
  return failed ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await runCleanups();
}
