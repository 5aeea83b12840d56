/**
 * A small HTTP client over node:http, rather than fetch: it sends raw bytes (invalid UTF-8,
 * bodies of any size, any header), never follows redirects, can send from another loopback
 * address (127.x.y.z: the server's per-address rate limits count each as a new client), and
 * measures each request.
 */
import http, { type IncomingHttpHeaders } from 'node:http';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** `Set-Cookie` lines. */
  setCookies: string[];
  location: string | undefined;
  body: Buffer;
  text: string;
  ms: number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Raw body; a plain object or URLSearchParams is sent urlencoded. */
  body?: Buffer | string | URLSearchParams | Record<string, string>;
  /** `name=value` of the session cookie. */
  cookie?: string;
  /** Send from this loopback address (e.g. 127.0.3.7). */
  from?: string;
  /** Leave out the same-origin `Origin` header that a browser form post carries. */
  noOrigin?: boolean;
  timeoutMs?: number;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export class HttpClient {
  readonly baseURL: string;
  private readonly url: URL;
  private readonly agent: http.Agent;

  constructor(baseURL: string, options: { maxSockets?: number } = {}) {
    this.baseURL = baseURL;
    this.url = new URL(baseURL);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  }

  close(): void {
    this.agent.destroy();
  }

  request(method: Method, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...options.headers };
    let body: Buffer | undefined;
    if (options.body !== undefined) {
      if (Buffer.isBuffer(options.body)) body = options.body;
      else if (typeof options.body === 'string') body = Buffer.from(options.body, 'utf8');
      else {
        body = Buffer.from(new URLSearchParams(options.body as Record<string, string>).toString(), 'utf8');
        headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
      }
      headers['Content-Length'] = String(body.length);
    } else if (method === 'POST') {
      headers['Content-Length'] = '0';
    }
    if (method !== 'GET' && method !== 'HEAD' && !options.noOrigin) headers.Origin ??= this.baseURL;
    if (options.cookie) headers.Cookie = options.cookie;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          headers,
          // A client from another address cannot share pooled sockets.
          ...(options.from ? { localAddress: options.from, agent: false } : { agent: this.agent }),
          timeout: options.timeoutMs ?? 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const buffer = Buffer.concat(chunks);
            const setCookie = res.headers['set-cookie'];
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              setCookies: Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [],
              location: res.headers.location,
              body: buffer,
              text: buffer.toString('utf8'),
              ms: performance.now() - started,
            });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path}: no answer within ${options.timeoutMs ?? 60_000} ms`)),
      );
      req.on('error', reject);
      if (body) req.write(body);
      req.end();
    });
  }

  get(path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, body: RequestOptions['body'], options: RequestOptions = {}): Promise<HttpResponse> {
    return this.request('POST', path, { ...options, body });
  }

  /** Signs in over HTTP and returns the session cookie (`name=value`). */
  async signIn(email: string, password: string, from?: string): Promise<string> {
    const res = await this.post('/en/login', { email, password, next: '/en/account' }, { from });
    const cookie = sessionCookieOf(res);
    if (res.status !== 303 || !cookie) throw new Error(`sign-in of ${email} failed with ${res.status}`);
    return cookie;
  }
}

/** `name=value` of the session cookie a response sets (not one that clears it), if any. */
export function sessionCookieOf(res: HttpResponse): string | undefined {
  const line = res.setCookies.find((c) => /^(__Host-)?oqu_session=[^;]+/.test(c));
  return line?.split(';')[0];
}

/** The attempt id in a quiz result redirect (`...quiz?attempt=<id>`). */
export function attemptIdOf(res: HttpResponse): string | undefined {
  const m = /[?&]attempt=([^&#]+)/.exec(res.location ?? '');
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** A distinct loopback address for the n-th simulated client (127.1.0.1 upwards). */
export function clientAddress(n: number): string {
  return `127.${1 + (Math.floor(n / (254 * 256)) % 250)}.${Math.floor(n / 254) % 256}.${1 + (n % 254)}`;
}

/** Runs `work` over `items` with at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Percentiles of a list of durations, for the one-line figures. */
export function summarize(ms: number[]): string {
  if (ms.length === 0) return 'n=0';
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(0);
  return `n=${s.length} p50=${at(0.5)}ms p95=${at(0.95)}ms max=${s[s.length - 1]!.toFixed(0)}ms`;
}

/** `{ 200: 12, 303: 40 }` as `200×12 303×40`. */
export function statusHistogram(statuses: number[]): Record<number, number> {
  const h: Record<number, number> = {};
  for (const s of statuses) h[s] = (h[s] ?? 0) + 1;
  return h;
}

export function formatHistogram(h: Record<number | string, number>): string {
  return Object.entries(h)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');
}
