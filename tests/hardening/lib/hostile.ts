/**
 * Hostile values for fuzzing: injection strings (SQL, HTML, templates, paths, redirects),
 * arbitrary code points (lone surrogates included), control characters, very long strings,
 * deep JSON, raw invalid UTF-8, odd content types, and a collector that holds every answer
 * to the rules (no 5xx, no internals in the body, no redirect off the site).
 */
import fc from 'fast-check';
import { leakIn } from './checks.ts';
import type { HttpResponse } from './http.ts';

export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  "1' UNION SELECT email, password_hash FROM users --",
  "admin'--",
  "%' AND 1=0 UNION SELECT sqlite_version() --",
  "') ON CONFLICT DO NOTHING; --",
  '1; PRAGMA writable_schema=1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '<iframe src=//evil.example>',
  '</textarea><script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  '<%= 7*7 %>',
  '#{7*7}',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.pdf',
  '\u0000',
  '%00',
  '\r\nSet-Cookie: evil=1',
  '\u202e\u0644\u0627',
  '𝕬𝖉𝖒𝖎𝖓',
  'Ａｄｍｉｎ',
  'a\u0301\u0301\u0301',
  '\uFEFF',
  '\uD800',
  '\uDFFFx',
  '\u200B\u200D',
  '__proto__',
  'constructor',
  '[object Object]',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9'.repeat(400),
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  'https://evil.example/',
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/%2F%2Fevil.example',
  'http:evil.example',
  'ӘҒҚҢӨҰҮҺІ әғқңөұүһі',
  'admin@oqu.test',
  'ADMIN@OQU.TEST ',
  'learner@oqu.test\u0000',
  'a@b',
  'a@b.c'.padEnd(300, 'c'),
];

const controlChar = fc
  .integer({ min: 0, max: 0x9f })
  .filter((c) => c < 0x20 || c >= 0x7f)
  .map((c) => String.fromCharCode(c));

/** One hostile text value. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 2, arbitrary: fc.string({ unit: controlChar, maxLength: 24 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'binary', maxLength: 12 }))
      .map(([a, b]) => a + b),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 200, max: 60_000 }), fc.constantFrom('A', 'ә', '<', '\u0000', "'", '𝕬'))
      .map(([n, c]) => c.repeat(n)),
  },
  { weight: 1, arbitrary: fc.constant('') },
);

/**
 * A hostile value for a URL (path segment or query): at most 1,000 characters, so that the
 * request stays under Node's 16 KB limit for the request line and headers (longer URLs have
 * their own property, which expects 431).
 */
export const urlText: fc.Arbitrary<string> = hostileText.map((s) => (s.length > 1000 ? s.slice(0, 1000) : s));

/** Deeply nested JSON text (arrays or objects), up to 100,000 levels. */
export const deepJson: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 100_000 }), fc.boolean())
  .map(([n, arrays]) => (arrays ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n)));

/** A CSV to choke a parser: unbalanced quotes, 20,000+ rows, or one enormous cell. */
export function deepCsv(): fc.Arbitrary<string> {
  return fc.constantFrom(
    'name;email;language\r\n"unterminated;a@b.kz;kk',
    `name;email;language\r\n${'Аты;a@b.kz;kk\r\n'.repeat(20_050)}`,
    `name;email;language\r\n${'x'.repeat(200_000)};a@b.kz;kk`,
    '=cmd|" /C calc"!A0;=1+1@x.kz;kk',
    '\uFEFF\uFEFF;;;\r\n;;;\r\n',
  );
}

export const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'application/x-www-form-urlencoded; charset=utf-16',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=----oqu',
  'application/json',
  'text/plain',
  'application/xml',
  'application/octet-stream',
  '',
];

/** Percent-encodes the UTF-8 bytes of a string (lone surrogates become U+FFFD), so any value fits in a URL. */
export function encodePart(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  let out = '';
  for (const b of bytes)
    out += /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** A urlencoded body from fields whose values may be raw bytes (invalid UTF-8 survives, percent-encoded). */
export function urlencoded(fields: [string, string | Uint8Array][]): Buffer {
  return Buffer.from(fields.map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`).join('&'), 'latin1');
}

/** A multipart/form-data body (with a file part whose name is hostile too). */
export function multipart(fields: [string, string][], boundary = '----oqu-fuzz'): { body: Buffer; type: string } {
  const parts = fields.map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/["\r\n]/g, '_')}"\r\n\r\n${v}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\nContent-Type: ` +
      `text/plain\r\n\r\n<script>alert(1)</script>\r\n`,
  );
  return {
    body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A body of one of many shapes carrying the given fields. */
export function hostileBody(
  fields: fc.Arbitrary<[string, string][]>,
): fc.Arbitrary<{ body: Buffer; type: string; shape: string }> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fields.map((f) => ({ body: urlencoded(f), type: 'application/x-www-form-urlencoded', shape: 'form' })),
    },
    { weight: 1, arbitrary: fields.map((f) => ({ ...multipart(f), shape: 'multipart' })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fields, fc.uint8Array({ maxLength: 64 })).map(([f, bytes]) => ({
        body: Buffer.concat([urlencoded(f), Buffer.from('&x='), Buffer.from(bytes)]),
        type: 'application/x-www-form-urlencoded',
        shape: 'raw-bytes',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(...CONTENT_TYPES))
        .map(([bytes, type]) => ({ body: Buffer.from(bytes), type, shape: 'random-bytes' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(deepJson, fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'))
        .map(([json, type]) => ({ body: Buffer.from(json), type, shape: 'deep-json' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fields, fc.constantFrom(...CONTENT_TYPES))
        .map(([f, type]) => ({ body: Buffer.from(JSON.stringify(Object.fromEntries(f))), type, shape: 'json' })),
    },
  );
}

/** Known field names with hostile values, some left out, some repeated, plus stray fields. */
export function hostileFields(
  names: string[],
  fixed: Record<string, fc.Arbitrary<string>> = {},
): fc.Arbitrary<[string, string][]> {
  const one = (name: string) =>
    fc
      .option(fixed[name] ?? hostileText, { nil: undefined, freq: 6 })
      .map((v) => (v === undefined ? [] : [[name, v] as [string, string]]));
  return fc
    .tuple(
      fc.tuple(...names.map(one)),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), hostileText), hostileText), { maxLength: 3 }),
    )
    .map(([known, extra]) => [...known.flat(), ...extra]);
}

export interface Problem {
  endpoint: string;
  what: string;
  request: string;
  status: number;
  excerpt: string;
}

/** Collects the answers of one test and what was wrong with them; the test asserts the list is empty. */
export class Findings {
  cases = 0;
  readonly statuses: Record<number, number> = {};
  readonly perEndpoint: Record<string, number> = {};
  readonly problems: Problem[] = [];
  readonly ms: number[] = [];

  record(endpoint: string, request: string, res: HttpResponse | Error): HttpResponse | undefined {
    this.cases++;
    this.perEndpoint[endpoint] = (this.perEndpoint[endpoint] ?? 0) + 1;
    if (res instanceof Error) {
      this.problems.push({ endpoint, what: `no answer: ${res.message}`, request, status: 0, excerpt: '' });
      return undefined;
    }
    this.ms.push(res.ms);
    this.statuses[res.status] = (this.statuses[res.status] ?? 0) + 1;
    const excerpt = res.text.slice(0, 400);
    if (res.status >= 500)
      this.problems.push({ endpoint, what: `status ${res.status}`, request, status: res.status, excerpt });
    const leak = leakIn(res);
    if (leak) this.problems.push({ endpoint, what: leak, request, status: res.status, excerpt: '' });
    if (res.status >= 300 && res.status < 400 && res.location && !/^\/(?![/\\])/.test(res.location)) {
      this.problems.push({
        endpoint,
        what: `redirect off the site: ${res.location}`,
        request,
        status: res.status,
        excerpt: '',
      });
    }
    return res;
  }

  /** Adds another collector's answers (a test's own) to this one (the run's figures). */
  absorb(other: Findings): void {
    this.cases += other.cases;
    for (const [status, n] of Object.entries(other.statuses))
      this.statuses[Number(status)] = (this.statuses[Number(status)] ?? 0) + n;
    for (const [endpoint, n] of Object.entries(other.perEndpoint))
      this.perEndpoint[endpoint] = (this.perEndpoint[endpoint] ?? 0) + n;
    this.problems.push(...other.problems);
    this.ms.push(...other.ms);
  }

  /** Problems grouped by endpoint and kind, three examples each, for the failure message. */
  summary(): string {
    const groups = new Map<string, Problem[]>();
    for (const p of this.problems) {
      const key = `${p.endpoint}: ${p.what.replace(/[:(].*$/, '')}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    return [...groups.entries()]
      .map(
        ([k, ps]) =>
          `${k} ×${ps.length}\n${ps
            .slice(0, 3)
            .map(
              (p) =>
                `    ${p.request.slice(0, 300)} -> ${p.status} ${p.what.slice(0, 300)} ` +
                `${JSON.stringify(p.excerpt.slice(0, 200))}`,
            )
            .join('\n')}`,
      )
      .join('\n');
  }
}

/** Shortens a request for a report line (long values cut, bytes shown as \xNN). */
export function show(method: string, path: string, body?: Buffer, type?: string): string {
  const b = body
    ? body
        .subarray(0, 160)
        .toString('latin1')
        .replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    : '';
  const shownPath = `${path.slice(0, 160)}${path.length > 160 ? `…(${path.length})` : ''}`;
  const shownBody = body ? ` [${type}] ${b}${body.length > 160 ? `…(${body.length} bytes)` : ''}` : '';
  return `${method} ${shownPath}${shownBody}`;
}
