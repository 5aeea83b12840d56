/**
 * A trusted partner host that misbehaves, over real loopback HTTP: a key set or status list of
 * hundreds of megabytes (with and without Content-Length), one that drips a byte at a time,
 * redirects, a status list that belongs to another issuer, and a validly signed credential
 * with a field missing. The check must answer (never throw), read no more than the cap, stop
 * at the deadline, keep this process's memory low, ask the partner once per TTL, and count
 * each address's checks of partner credentials in the rate_limits table.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import {
  buildCredential,
  newCredentialIdentity,
  publicJwks,
  signCredential,
  type OpenBadgeCredential,
} from '#lib/certificates/credential.ts';
import { FOREIGN_CHECK_LIMIT, verifyAnyCredential, type ForeignCheck } from '#lib/certificates/foreign.server.ts';
import { loadSigningKeys, type SigningKeys } from '#lib/certificates/keys.ts';
import { createPartnerCache, PARTNER_MAX_BYTES } from '#lib/certificates/partner-fetch.server.ts';
import { buildRevocationList } from '#lib/certificates/verify.ts';
import { siteConfigSchema } from '#lib/site/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Mode = 'good' | 'huge' | 'huge-declared' | 'slow' | 'redirect' | 'other-issuer' | 'other-id';

let t: TestDatabase;
let server: Server;
let host: string;
let partnerKeys: SigningKeys;
let ownKeys: SigningKeys;
/** What the partner does for the key set and for status lists. */
const behaviour: { jwks: Mode; status: Mode } = { jwks: 'good', status: 'good' };
const requests: string[] = [];
let bytesSent = 0;

const MB = 1024 * 1024;
const OWN = 'https://oqu.almaty.example';

/** Writes `total` bytes of a JSON string as fast as the socket takes them, until the client goes. */
function pourJson(res: import('node:http').ServerResponse, total: number): void {
  const chunk = Buffer.alloc(MB, 'a');
  let sent = 0;
  res.write('{"keys":[],"pad":"');
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      bytesSent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end('"}');
  };
  pump();
}

function answer(mode: Mode, body: () => unknown, res: import('node:http').ServerResponse): void {
  res.setHeader('Content-Type', 'application/json');
  if (mode === 'huge') return pourJson(res, 400 * MB);
  if (mode === 'huge-declared') {
    res.setHeader('Content-Length', String(400 * MB));
    return pourJson(res, 400 * MB);
  }
  if (mode === 'redirect') {
    res.statusCode = 302;
    res.setHeader('Location', 'http://169.254.169.254/latest/meta-data/');
    return void res.end();
  }
  if (mode === 'slow') {
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 200);
    res.on('close', () => clearInterval(timer));
    return;
  }
  res.end(JSON.stringify(body()));
}

beforeAll(async () => {
  t = await createTestDatabase();
  partnerKeys = await loadSigningKeys(join(mkdtempSync(join(tmpdir(), 'oqu-partner-keys-')), 'keys'));
  ownKeys = await loadSigningKeys(join(mkdtempSync(join(tmpdir(), 'oqu-own-keys-')), 'keys'));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/.well-known/jwks.json') return answer(behaviour.jwks, () => publicJwks(partnerKeys, host), res);
    const status = /^\/certificates\/([A-Z0-9-]+)\/status$/.exec(req.url ?? '');
    if (status) {
      return answer(
        behaviour.status,
        () => {
          const list = buildRevocationList(host, status[1]!);
          if (behaviour.status === 'other-issuer') return { ...list, issuer: 'https://elsewhere.example/issuer.json' };
          if (behaviour.status === 'other-id') return { ...list, id: `${host}/certificates/ZZZZ-ZZZZ-ZZZZ/status` };
          return list;
        },
        res,
      );
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  host = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t?.cleanup();
});

async function partnerCredential(
  code: string,
  change: (vc: OpenBadgeCredential) => OpenBadgeCredential = (vc) => vc,
): Promise<string> {
  const vc = buildCredential(
    {
      code,
      holderName: 'Ұлан Серікұлы',
      email: 'ulan@example.kz',
      courseSlug: 'urbanism',
      courseTitle: 'Urbanism',
      hours: 8,
      issuedAt: new Date('2026-10-01T08:00:00Z'),
      locale: 'en',
    },
    { baseUrl: host, name: 'Turkistan Partner' },
    newCredentialIdentity(),
  );
  return signCredential(change(vc), partnerKeys.current, host);
}

function check(extra: Partial<ForeignCheck> = {}): ForeignCheck {
  return {
    ownBaseUrl: OWN,
    ownKeys: publicJwks(ownKeys, OWN),
    trustedHosts: [host],
    ownStatus: async () => null,
    cache: createPartnerCache({ timeoutMs: 1_500 }),
    ...extra,
  };
}

function reset(jwks: Mode = 'good', status: Mode = 'good'): void {
  behaviour.jwks = jwks;
  behaviour.status = status;
  requests.length = 0;
  bytesSent = 0;
}

describe('a trusted partner that misbehaves', () => {
  test('three checks against a 400 MB key set read at most the cap each, and memory stays low', async () => {
    const jwt = await partnerCredential('AAAA-BBBB-0001');
    for (const mode of ['huge', 'huge-declared'] as const) {
      reset(mode);
      globalThis.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const verdicts = await Promise.all([1, 2, 3].map(() => verifyAnyCredential(jwt, check())));
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      for (const v of verdicts) expect(v).toEqual({ state: 'invalid', reason: 'unreachable', host });
      console.log(
        `[partner] ${mode}: rss grew ${((peak - before) / MB).toFixed(1)} MB, the partner got to send ` +
          `${(bytesSent / MB).toFixed(0)} MB before the check hung up`,
      );
      expect(peak - before).toBeLessThan(64 * MB);
      // Sockets buffer a little past the cap; 400 MB would mean nobody hung up.
      expect(bytesSent).toBeLessThan(64 * MB);
    }
    expect(PARTNER_MAX_BYTES).toBe(256 * 1024);
  });

  test('a key set that drips a byte at a time is given up at the deadline', async () => {
    reset('slow');
    const started = performance.now();
    expect(await verifyAnyCredential(await partnerCredential('AAAA-BBBB-0002'), check())).toEqual({
      state: 'invalid',
      reason: 'unreachable',
      host,
    });
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThan(1_400);
    expect(ms).toBeLessThan(3_000);
  });

  test('a huge or slow status list and a redirect are "unreachable", not a crash', async () => {
    const jwt = await partnerCredential('AAAA-BBBB-0003');
    for (const mode of ['huge', 'slow', 'redirect'] as const) {
      reset('good', mode);
      expect(await verifyAnyCredential(jwt, check()), mode).toEqual({ state: 'invalid', reason: 'unreachable', host });
    }
    reset('redirect');
    expect(await verifyAnyCredential(jwt, check())).toEqual({ state: 'invalid', reason: 'unreachable', host });
    expect(requests.some((r) => r.includes('meta-data'))).toBe(false);
  });

  test('a validly signed credential with a field missing is "not a badge"', async () => {
    reset();
    const cases: ((vc: OpenBadgeCredential) => OpenBadgeCredential)[] = [
      (vc) => ({ ...vc, issuer: { ...vc.issuer, name: undefined as unknown as string } }),
      (vc) => ({ ...vc, credentialSubject: { ...vc.credentialSubject, achievement: undefined as never } }),
      (vc) => ({ ...vc, credentialStatus: undefined as never }),
      (vc) => ({ ...vc, id: 'not a url' }),
    ];
    for (const [i, change] of cases.entries()) {
      const verdict = await verifyAnyCredential(await partnerCredential(`AAAA-BBBB-001${i}`, change), check());
      expect(verdict, `case ${i}`).toMatchObject({
        state: 'invalid',
        reason: i === 3 ? expect.stringMatching(/not-a-badge|claims-mismatch/) : 'not-a-badge',
      });
    }
  });
});

describe("a partner's status list is bound to the credential's issuer", () => {
  test('a list naming another issuer, or another list, does not vouch for the credential', async () => {
    const jwt = await partnerCredential('AAAA-BBBB-0004');
    for (const mode of ['other-issuer', 'other-id'] as const) {
      reset('good', mode);
      expect(await verifyAnyCredential(jwt, check()), mode).toEqual({ state: 'invalid', reason: 'wrong-status', host });
    }
    reset();
    expect(await verifyAnyCredential(jwt, check())).toMatchObject({ state: 'valid', host });
  });

  test('a status URL on another host is refused before it is fetched', async () => {
    reset();
    const jwt = await partnerCredential('AAAA-BBBB-0005', (vc) => ({
      ...vc,
      credentialStatus: { ...vc.credentialStatus, id: 'https://elsewhere.example/status' },
    }));
    expect(await verifyAnyCredential(jwt, check())).toEqual({ state: 'invalid', reason: 'wrong-host', host });
    expect(requests.filter((r) => r.includes('status'))).toEqual([]);
  });
});

describe('partner answers are cached, and checks are limited per address', () => {
  test('the key set and status list are fetched once for repeated checks', async () => {
    reset();
    const cache = createPartnerCache();
    const jwt = await partnerCredential('AAAA-BBBB-0006');
    const verdicts = await Promise.all(Array.from({ length: 5 }, () => verifyAnyCredential(jwt, check({ cache }))));
    verdicts.push(await verifyAnyCredential(jwt, check({ cache })));
    for (const v of verdicts) expect(v).toMatchObject({ state: 'valid' });
    expect(requests).toEqual(['/.well-known/jwks.json', '/certificates/AAAA-BBBB-0006/status']);
  });

  test(`partner check ${FOREIGN_CHECK_LIMIT.limit + 1} from one address is refused; others go on`, async () => {
    reset();
    const cache = createPartnerCache();
    const jwt = await partnerCredential('AAAA-BBBB-0007');
    const from = (ip: string) => check({ cache, admit: () => consumeRateLimits(t.db, [[FOREIGN_CHECK_LIMIT, ip]]) });
    for (let i = 0; i < FOREIGN_CHECK_LIMIT.limit; i++)
      expect(await verifyAnyCredential(jwt, from('203.0.113.9'))).toMatchObject({ state: 'valid' });
    const refused = await verifyAnyCredential(jwt, from('203.0.113.9'));
    expect(refused).toMatchObject({ state: 'limited' });
    expect(refused.state === 'limited' && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await verifyAnyCredential(jwt, from('198.51.100.7'))).toMatchObject({ state: 'valid' });
    // This host's own credentials need no request to a partner and are not counted.
    const own = await signCredential(
      buildCredential(
        {
          code: 'OWNN-0000-0001',
          holderName: 'A',
          email: 'a@example.kz',
          courseSlug: 'urbanism',
          courseTitle: 'U',
          hours: 1,
          issuedAt: new Date('2026-10-01T08:00:00Z'),
          locale: 'en',
        },
        { baseUrl: OWN, name: 'Own' },
        newCredentialIdentity(),
      ),
      ownKeys.current,
      OWN,
    );
    const ownCheck = { ...from('203.0.113.9'), ownStatus: async () => buildRevocationList(OWN, 'OWNN-0000-0001') };
    expect(await verifyAnyCredential(own, ownCheck)).toMatchObject({ state: 'valid', host: OWN });
  });
});

describe('trustedHosts', () => {
  const base = {
    name: 'S',
    region: 'R',
    partner: { name: 'P' },
    baseUrl: 'https://learn.example.kz',
    locales: { default: 'kk', enabled: ['kk'] },
    contact: { email: 'a@example.kz' },
    certificate: { signatoryName: 'S', signatoryTitle: 'T' },
  };
  const accepts = (trustedHosts: string[]) => siteConfigSchema.safeParse({ ...base, trustedHosts }).success;
  test('must be HTTPS origins; plain http only on loopback', () => {
    expect(accepts(['https://oqu.turkistan.kz'])).toBe(true);
    expect(accepts(['http://127.0.0.1:4321', 'http://localhost:8080', 'http://[::1]:9000'])).toBe(true);
    expect(accepts(['http://oqu.turkistan.kz'])).toBe(false);
    expect(accepts(['http://10.0.0.5'])).toBe(false);
    expect(accepts(['https://oqu.turkistan.kz/path'])).toBe(false);
    expect(accepts(['ftp://oqu.turkistan.kz'])).toBe(false);
  });
});
