/**
 * Timing one page through the real server, as every page benchmark does: one request at a time,
 * two warm-ups, the body read to its last byte, anything but 200 stops the run.
 */
import type { OquServer } from './site.ts';
import { percentile, round } from './stats.ts';

/** One GET with the cookie, no redirects followed: its time (ms), size and status. */
export async function timeGet(
  server: OquServer,
  path: string,
  cookie: string,
): Promise<{ ms: number; bytes: number; status: number }> {
  const started = performance.now();
  const response = await fetch(server.baseURL + path, { headers: { cookie }, redirect: 'manual' });
  const body = await response.arrayBuffer();
  return { ms: performance.now() - started, bytes: body.byteLength, status: response.status };
}

/**
 * `runs` timed GETs after two warm-ups: p50, p95 and max in ms, the page's size in bytes, and
 * the first warm-up's time (`first`: a page that keeps figures derives them there).
 */
export async function timePage(
  server: OquServer,
  path: string,
  cookie: string,
  runs: number,
): Promise<{ p50: number; p95: number; max: number; bytes: number; first: number }> {
  const times: number[] = [];
  let bytes = 0;
  let first = 0;
  for (let i = 0; i < runs + 2; i++) {
    const r = await timeGet(server, path, cookie);
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}, not 200`);
    bytes = r.bytes;
    if (i === 0) first = round(r.ms);
    if (i >= 2) times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    max: round(times.at(-1)!),
    bytes,
    first,
  };
}
