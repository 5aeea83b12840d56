/** Starting, watching and stopping the processes a benchmark needs (Linux /proc for memory and CPU). */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { onCleanup, trackChild } from './cleanup.ts';
import { sleep } from './stats.ts';

export interface Managed {
  child: ChildProcess;
  pid: number;
  /** The last output of the process (stdout and stderr), for error messages. */
  log: () => string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop: (graceMs?: number) => Promise<void>;
}

const LOG_LIMIT = 400_000;

/** Spawns a process that is killed when the benchmark ends, keeping its recent output. */
export function startManaged(name: string, command: string, args: string[], options: SpawnOptions = {}): Managed {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  trackChild(child);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-LOG_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async (graceMs = 5000): Promise<void> => {
    unregister();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  };
  const unregister = onCleanup(`stop ${name}`, () => stop());
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  return { child, pid: child.pid, log: () => output, stop };
}

/** Runs a command to completion; rejects with its output when it fails. */
export function runCommand(
  command: string,
  args: string[],
  options: SpawnOptions & { echo?: boolean; anyExitCode?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const { echo, anyExitCode, ...spawnOptions } = options;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
    trackChild(child);
    let output = '';
    const keep = (chunk: Buffer): void => {
      output += chunk.toString();
      if (echo) process.stderr.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      // A script that reports a missed target by its exit code still printed its whole result.
      if (code === 0 || (anyExitCode && code !== null)) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${output.slice(-4000)}`));
    });
  });
}

/** A TCP port on loopback that was free a moment ago (the same helper the tests use). */
export { freePort } from '../../tests/helpers/server.ts';

/** Waits until `url` answers 2xx, or throws with the process output. */
export async function waitForHttp(url: string, managed: Managed, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (managed.child.exitCode !== null) throw new Error(`the process exited early:\n${managed.log()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${managed.log()}`);
}

function statusField(pid: number, field: string): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    const kb = line ? Number(line.split(/\s+/)[1]) : Number.NaN;
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/** Resident memory of one process in MB (VmRSS), or null when it is gone. */
export function rssMb(pid: number): number | null {
  return statusField(pid, 'VmRSS');
}

/** The highest resident memory the process has had so far, in MB (VmHWM). */
export function peakRssMb(pid: number): number | null {
  return statusField(pid, 'VmHWM');
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Scheduler statistics of a process's main thread (/proc/<pid>/schedstat): seconds on a CPU
 * and seconds spent runnable but waiting for one. A large wait means other programs on the
 * machine took the CPU: the numbers then understate what the server can do.
 */
export function schedSeconds(pid: number): { run: number; wait: number } | null {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return run === undefined || wait === undefined ? null : { run: run / 1e9, wait: wait / 1e9 };
  } catch {
    return null;
  }
}

/**
 * Watches processes during a run (each with its children): CPU used (cores) and the share of
 * runnable time they waited for a CPU.
 */
export function watchCpu(pids: number | readonly number[]): () => { cores: number; cpuWaitShare: number } {
  const roots = typeof pids === 'number' ? [pids] : pids;
  const started = performance.now();
  const treesCpu = (): number => roots.reduce((sum, pid) => sum + (treeCpuSeconds(pid) ?? 0), 0);
  const cpu0 = treesCpu();
  // Every process of the trees (nginx's master hands the work to its worker).
  const schedTree = (): { run: number; wait: number } | null =>
    roots
      .flatMap(processTree)
      .map(schedSeconds)
      .reduce<{ run: number; wait: number } | null>(
        (sum, s) => (s ? { run: (sum?.run ?? 0) + s.run, wait: (sum?.wait ?? 0) + s.wait } : sum),
        null,
      );
  const sched0 = schedTree();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const cores = (treesCpu() - cpu0) / seconds;
    const sched1 = schedTree();
    const run = sched0 && sched1 ? sched1.run - sched0.run : 0;
    const wait = sched0 && sched1 ? sched1.wait - sched0.wait : 0;
    return { cores, cpuWaitShare: run + wait > 0 ? wait / (run + wait) : 0 };
  };
}

/** CPU seconds used so far by a process and its children (e.g. nginx's workers). */
export function treeCpuSeconds(rootPid: number): number | null {
  const own = cpuSeconds(rootPid);
  if (own === null) return null;
  return processTree(rootPid)
    .slice(1)
    .reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), own);
}

/** The process and all its descendants (from /proc). */
export function processTree(rootPid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/**
 * Samples the summed RSS of a process tree every `intervalMs`; `stop()` returns the peak of
 * the tree and of the root process alone, in MB.
 */
export function sampleTreeRss(
  rootPid: number,
  intervalMs = 100,
): { stop: () => { tree: number; root: number; peakAt: Date } } {
  let tree = 0;
  let root = 0;
  let peakAt = new Date();
  const sample = (): void => {
    const total = processTree(rootPid).reduce((sum, pid) => sum + (rssMb(pid) ?? 0), 0);
    if (total > tree) {
      tree = total;
      peakAt = new Date();
    }
    root = Math.max(root, rssMb(rootPid) ?? 0);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { tree, root, peakAt };
    },
  };
}
