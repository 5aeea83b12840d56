/**
 * An open-loop load generator: requests are sent on a fixed schedule (`rate` per second)
 * whether or not earlier ones have been answered, as independent trainees would. Latency is
 * counted from the scheduled time, so a server that falls behind shows it (no coordinated
 * omission). autocannon's rate limit sends each second's quota in a burst, which is why this
 * exists.
 */
import { Agent, request } from 'node:http';
import { summarizeLatencies, type LatencySummary } from './stats.ts';
import type { LoadRequest } from './workload.ts';

export interface OpenLoopOptions {
  baseURL: string;
  rate: number;
  durationS: number;
  next: () => LoadRequest;
  /** Concurrent connections at most; later requests queue (and their wait counts). */
  maxSockets?: number;
  /** How long to wait for answers after the last request was sent. */
  drainMs?: number;
}

export interface KindStats {
  count: number;
  ok: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface OpenLoopResult {
  targetRate: number;
  sent: number;
  ok: number;
  failed: number;
  /** Expected responses per second over the run. */
  achievedRate: number;
  latency: LatencySummary;
  byKind: Record<string, KindStats>;
  statuses: Record<string, number>;
  /**
   * How late the generator itself sent requests (p99, ms): large values mean the client, not the server, was the limit.
   */
  sendLagP99: number;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const url = new URL(options.baseURL);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const total = Math.max(1, Math.round(options.rate * options.durationS));
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  const lags: number[] = [];
  const perKind = new Map<string, { latencies: number[]; ok: number }>();
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let finished = 0;
  let sent = 0;
  const start = performance.now();

  const record = (r: LoadRequest, scheduled: number, status: number | null, error?: unknown): void => {
    const latency = performance.now() - scheduled;
    const code = (error as { code?: string } | undefined)?.code ?? (error instanceof Error ? error.message : 'unknown');
    const key = status === null ? `error ${code}` : String(status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    const kind = perKind.get(r.kind) ?? { latencies: [], ok: 0 };
    perKind.set(r.kind, kind);
    latencies.push(latency);
    kind.latencies.push(latency);
    if (status === r.expect) {
      ok += 1;
      kind.ok += 1;
    } else failed += 1;
    finished += 1;
  };

  const fire = (scheduled: number): void => {
    const r = options.next();
    lags.push(performance.now() - scheduled);
    const body = r.body ?? '';
    const headers: Record<string, string> = { ...r.headers, host: url.host };
    if (r.method === 'POST') headers['content-length'] = String(Buffer.byteLength(body));
    let recorded = false;
    const once = (status: number | null, error?: unknown): void => {
      if (recorded) return; // a socket error can follow the end of a response
      recorded = true;
      record(r, scheduled, status, error);
    };
    const req = request(
      { host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => once(res.statusCode ?? null));
        res.on('error', (error) => once(null, error));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => once(null, error));
    req.end(body);
  };

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        fire(start + sent * interval);
        sent += 1;
      }
      if (sent < total) setTimeout(tick, Math.min(5, Math.max(0, start + sent * interval - performance.now())));
      else resolve();
    };
    tick();
  });
  const drainUntil = performance.now() + (options.drainMs ?? 15_000);
  while (finished < sent && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  const elapsedS = (performance.now() - start) / 1000;
  agent.destroy();
  const unanswered = sent - finished;
  failed += unanswered;
  if (unanswered > 0) statuses.unanswered = unanswered;

  const byKind: Record<string, KindStats> = {};
  for (const [kind, stats] of perKind) {
    const s = summarizeLatencies(stats.latencies);
    byKind[kind] = { count: s.count, ok: stats.ok, p50: s.p50, p95: s.p95, p99: s.p99 };
  }
  const lagSummary = summarizeLatencies(lags);
  // Unanswered requests count as infinitely slow for the percentiles.
  for (let i = 0; i < unanswered; i++) latencies.push(Number.POSITIVE_INFINITY);
  return {
    targetRate: options.rate,
    sent,
    ok,
    failed,
    achievedRate: ok / Math.max(elapsedS, options.durationS),
    latency: summarizeLatencies(latencies),
    byKind,
    statuses,
    sendLagP99: lagSummary.p99,
  };
}
