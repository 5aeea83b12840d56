/**
 * autocannon with a request built per request (rotating cookies, fresh idempotency keys):
 * a fixed number of connections send as fast as the server answers. Latencies are taken from
 * every response (autocannon's own histogram leaves out non-2xx, and form posts answer 303).
 */
import autocannon from 'autocannon';
import { summarizeLatencies, type LatencySummary } from './stats.ts';
import type { LoadRequest } from './workload.ts';

export interface LoadResult {
  durationS: number;
  responses: number;
  /** Responses with the expected status. */
  ok: number;
  /** Expected responses per second. */
  rps: number;
  latency: LatencySummary;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

export interface ClosedLoopOptions {
  baseURL: string;
  connections: number;
  durationS: number;
  next: () => LoadRequest;
  /** Statuses that count as answered correctly; default: the status the first request expects. */
  accept?: number[];
}

export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  // The builder is asked once per request; autocannon reports the status, not which request it was,
  // so the expected status is the one every request of this run shares.
  const accepted = new Set(options.accept ?? [options.next().expect]);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseURL,
        connections: options.connections,
        duration: options.durationS,
        timeout: 10,
        requests: [
          {
            setupRequest: (request) => {
              const r = options.next();
              return { ...request, method: r.method, path: r.path, headers: r.headers, body: r.body ?? '' };
            },
          },
        ],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (accepted.has(statusCode)) ok += 1;
    });
  });
  const durationS = (performance.now() - started) / 1000;
  return {
    durationS,
    responses: latencies.length,
    ok,
    rps: ok / durationS,
    latency: summarizeLatencies(latencies),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
