/**
 * Where a server's time goes: the V8 sampling profiler, driven over the inspector protocol
 * of a server started with `--inspect=127.0.0.1:0`, summarised by function and by area
 * (app code, Astro, drizzle, libSQL, Node internals, garbage collection, idle).
 */
import { sleep } from './stats.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  durationMs: number;
  /** Share of samples per area, in per cent, largest first. */
  areas: { area: string; percent: number }[];
  /** The functions with the most self time. */
  top: { fn: string; where: string; percent: number }[];
}

/** The inspector's WebSocket URL, from the line Node prints at start-up. */
export function inspectorUrl(log: string): string | null {
  return /Debugger listening on (ws:\/\/\S+)/.exec(log)?.[1] ?? null;
}

interface Inspector {
  send: (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;
  close: () => void;
}

async function connect(url: string): Promise<Inspector> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
  });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message: string };
    };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error.message));
    else waiter?.resolve(message.result ?? {});
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        nextId += 1;
        pending.set(nextId, { resolve, reject });
        ws.send(JSON.stringify({ id: nextId, method, params }));
      }),
    close: () => ws.close(),
  };
}

/**
 * Starts sampling; the returned function stops it and summarises the profile. `keep` receives the raw profile
 * (e.g. to write a `.cpuprofile` file that Chrome's DevTools open).
 */
export async function startProfiling(
  url: string,
  keep?: (profile: CpuProfile) => void,
): Promise<() => Promise<ProfileSummary>> {
  const inspector = await connect(url);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: 500 });
  await inspector.send('Profiler.start');
  return async () => {
    const { profile } = (await inspector.send('Profiler.stop')) as { profile: CpuProfile };
    await inspector.send('Profiler.disable');
    inspector.close();
    await sleep(50);
    keep?.(profile);
    return summarizeProfile(profile);
  };
}

function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'Node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.includes('/dist/server/')) return 'app (bundled server code)';
  return 'app';
}

function whereOf(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  const short = pkg ? `${pkg[1]}/${pkg[2]}` : url.replace(/^.*\/dist\/server\//, 'dist/server/');
  return short ? `${short}:${frame.lineNumber + 1}` : '';
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
  const areas = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; hits: number }>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + hits);
    const where = whereOf(node.callFrame);
    const fn = node.callFrame.functionName || '(anonymous)';
    const key = `${fn}@${where}`;
    const entry = fns.get(key) ?? { fn, where, hits: 0 };
    entry.hits += hits;
    fns.set(key, entry);
  }
  const pct = (hits: number): number => Math.round((hits / total) * 1000) / 10;
  return {
    durationMs: Math.round((profile.endTime - profile.startTime) / 1000),
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, hits]) => ({ area, percent: pct(hits) })),
    top: [...fns.values()]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, top)
      .map((f) => ({ fn: f.fn, where: f.where, percent: pct(f.hits) })),
  };
}

/** One line per area, for a table note. */
export function describeProfile(summary: ProfileSummary, areas = 6): string {
  return summary.areas
    .slice(0, areas)
    .map((a) => `${a.area} ${a.percent}%`)
    .join(', ');
}

export interface ServerMemory {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  /** Memory of C++ objects tied to JS objects (buffers, native addons' allocations that report it). */
  externalMb: number;
  arrayBuffersMb: number;
}

/**
 * The server's `process.memoryUsage()` after a full garbage collection, read over the
 * inspector: growth of the collected heap from run to run is the sign of a leak that RSS
 * (which the allocator rarely gives back) cannot show on its own.
 */
export async function memoryAfterGc(url: string): Promise<ServerMemory> {
  const inspector = await connect(url);
  try {
    await inspector.send('HeapProfiler.enable');
    await inspector.send('HeapProfiler.collectGarbage');
    await inspector.send('HeapProfiler.disable');
    const { result } = (await inspector.send('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    const m = JSON.parse(result.value) as Record<string, number>;
    const mb = (n: number | undefined): number => Math.round(((n ?? 0) / 1024 ** 2) * 10) / 10;
    return {
      rssMb: mb(m.rss),
      heapUsedMb: mb(m.heapUsed),
      heapTotalMb: mb(m.heapTotal),
      externalMb: mb(m.external),
      arrayBuffersMb: mb(m.arrayBuffers),
    };
  } finally {
    inspector.close();
  }
}
