/**
 * The server CPU one signed-in request costs: `node bench/hot-path.ts [--kinds syllabus,quiz] [--rounds 3]
 * [--seconds 6] [--against builds/<older>] [--profile-dir DIR]`. Starts a server on the build in dist/ (copied
 * first) with a fresh seeded database, as part 3 of `npm run bench` does, and runs each kind of request in turn,
 * round after round, at 50 connections, reading the server's CPU time from /proc: CPU per request is what to compare
 * between two builds on a shared machine (the rate depends on what else runs). `--against` starts a second server
 * on another build (e.g. the one before a change, kept in builds/) and alternates the two within each round, so
 * both see the same machine. With `--profile-dir` it also profiles each kind once on dist/'s build and writes
 * `<kind>.cpuprofile` (Chrome's DevTools open it), printing the functions with the most time, own and with
 * callees. See docs/benchmarks.md, "Quiz posts and the signed-in syllabus".
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installCleanupHandlers, onCleanup, runCleanups } from './lib/cleanup.ts';
import { runClosedLoop } from './lib/closed-loop.ts';
import { BenchContext } from './lib/context.ts';
import { watchCpu } from './lib/processes.ts';
import { inspectorUrl, startProfiling, summarizeProfile, type CpuProfile } from './lib/profile.ts';
import type { LoadRequest, RequestFactory } from './lib/workload.ts';

const KINDS: Record<string, (f: RequestFactory) => LoadRequest> = {
  syllabus: (f) => f.syllabus('urbanism'),
  quiz: (f) => f.quiz(),
  account: (f) => f.account(),
  done: (f) => f.markDone(),
};

const { values } = parseArgs({
  options: {
    kinds: { type: 'string', default: 'syllabus,quiz' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '6' },
    learners: { type: 'string', default: '8000' },
    'profile-dir': { type: 'string' },
    against: { type: 'string' },
  },
});
const kinds = values.kinds.split(',').filter((k) => k in KINDS);
const seconds = Number(values.seconds);
const profileDir = values['profile-dir'];

/** Time per function with everything it called, in per cent of all samples (the app's and libraries' code). */
function inclusive(profile: CpuProfile, top = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
  const hits = new Map<string, number>();
  for (const n of profile.nodes) {
    if (!n.hitCount) continue;
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (!f.url || f.url.startsWith('node:')) continue;
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.set(key, (hits.get(key) ?? 0) + n.hitCount);
    }
  }
  return [...hits.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, h]) => `${((h / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

/**
 * A project root like this one whose dist/ is another build (the snapshot copies the build it points at). src/ is
 * copied, not linked: the server finds dist/ from where its own code really is.
 */
function rootWithBuild(projectRoot: string, build: string, into: string): string {
  mkdirSync(into);
  for (const name of readdirSync(projectRoot)) {
    if (name === 'dist' || name === 'builds') continue;
    if (name === 'src' || name === 'db') cpSync(join(projectRoot, name), join(into, name), { recursive: true });
    else symlinkSync(join(projectRoot, name), join(into, name));
  }
  symlinkSync(realpathSync(build), join(into, 'dist'));
  return into;
}

async function serverOn(projectRoot: string, tmp: string, inspect: boolean) {
  const ctx = new BenchContext(projectRoot, { quick: false, build: false, profile: true, only: null }, tmp);
  await ctx.takeSnapshot();
  const { server, factory } = await ctx.startSeededServer(Number(values.learners), { inspect });
  // Read now: the server's log keeps only its end, and every request writes a line to it.
  const url = inspect ? inspectorUrl(server.log()) : null;
  const run = (kind: string, durationS: number) =>
    runClosedLoop({ baseURL: server.baseURL, connections: 50, durationS, next: () => KINDS[kind]!(factory) });
  return { server, run, url };
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const tmp = mkdtempSync(join(tmpdir(), 'oqu-hot-'));
  onCleanup('remove temporary files', () => rmSync(tmp, { recursive: true, force: true }));
  const projectRoot = join(import.meta.dirname, '..');
  const servers = [{ name: 'dist', ...(await serverOn(projectRoot, join(tmp, 'a'), profileDir !== undefined)) }];
  if (values.against) {
    const root = rootWithBuild(projectRoot, values.against, join(tmp, 'b-root'));
    servers.push({
      name: values.against.replace(/\/$/, '').split('/').pop()!,
      ...(await serverOn(root, join(tmp, 'b'), profileDir !== undefined)),
    });
  }
  for (const s of servers) for (const kind of kinds) await s.run(kind, 2);
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const kind of kinds) {
      for (const s of round % 2 ? servers : [...servers].reverse()) {
        const watch = watchCpu(s.server.pid);
        const result = await s.run(kind, seconds);
        const cpu = watch();
        const perRequest = (cpu.cores * 1000) / Math.max(result.rps, 1);
        console.log(
          `round ${round} ${kind.padEnd(8)} ${s.name.padEnd(36)} ${Math.round(result.rps)} req/s, ` +
            `${cpu.cores.toFixed(2)} cores, ${perRequest.toFixed(3)} ms CPU/request, waited for a CPU ` +
            `${(cpu.cpuWaitShare * 100).toFixed(0)}%, statuses ${JSON.stringify(result.statuses)}`,
        );
      }
    }
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const s of servers) {
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${s.server.pid}/status`, 'utf8'))?.[1];
    console.log(`${s.name}: resident memory ${Math.round(Number(rss) / 1024)} MB`);
  }
  if (!profileDir) return;
  mkdirSync(profileDir, { recursive: true });
  for (const kind of kinds) {
    for (const { name, run, url } of servers) {
      if (!url) continue;
      let raw: CpuProfile | undefined;
      const stop = await startProfiling(url, (p) => (raw = p));
      const result = await run(kind, seconds);
      const summary = await stop();
      writeFileSync(join(profileDir, `${kind}-${name}.cpuprofile`), JSON.stringify(raw));
      console.log(`\n== ${kind} on ${name}: ${busyPerRequest(raw!, result.ok)}`);
      console.log(`areas ${summary.areas.map((a) => `${a.area} ${a.percent}%`).join(', ')}`);
      console.log('own time:');
      for (const f of summarizeProfile(raw!, 25).top)
        console.log(`${f.percent.toFixed(1).padStart(5)}%  ${f.fn} ${f.where}`);
      console.log('with callees:');
      for (const line of inclusive(raw!, 40)) console.log(line);
    }
  }
}

/** The main thread's time outside idle per answered request, from the profile's own clock. */
function busyPerRequest(profile: CpuProfile & { samples?: number[]; timeDeltas?: number[] }, requests: number): string {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let busyUs = 0;
  (profile.samples ?? []).forEach((id, i) => {
    if (!idle.has(id)) busyUs += profile.timeDeltas?.[i + 1] ?? 0;
  });
  return `${requests} requests, main thread busy ${(busyUs / 1000 / Math.max(requests, 1)).toFixed(3)} ms per request`;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
