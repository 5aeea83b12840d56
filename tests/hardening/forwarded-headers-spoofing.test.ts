/**
 * X-Forwarded-* headers count only from the proxies in TRUSTED_PROXIES. From anyone else they
 * are dropped: a visitor who sends `X-Forwarded-For` must not choose the address the
 * per-address limits and the audit log see, nor the scheme or host of the URL. A trusted
 * proxy's header is read from the right (the client is the last address that is not a
 * proxy, never the first, which the client wrote). A bad TRUSTED_PROXIES stops the server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort, runServerToExit } from '../helpers/server.ts';
import { closeDatabase, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';

/** The address the audit log recorded for an admin export made with these request options. */
async function auditedAddress(
  http: HttpClient,
  admin: SeedUser,
  from: string,
  headers: Record<string, string>,
): Promise<string> {
  const marker = `spoof-${Math.random().toString(36).slice(2)}`;
  expect(
    (await http.get(`/en/admin/audit.csv?actor=${marker}`, { cookie: admin.cookies[0], from, headers })).status,
  ).toBe(200);
  const csv = (await http.get('/en/admin/audit.csv', { cookie: admin.cookies[0], from: '127.0.0.1' })).text;
  const line = csv.split('\n').find((l) => l.includes(marker));
  if (!line) throw new Error(`no audit entry for ${marker}:\n${csv.slice(0, 500)}`);
  // The last field, with or without CSV quotes.
  return line
    .trim()
    .split(';')
    .pop()!
    .replace(/^"(.*)"$/, '$1');
}

async function serverWith(
  tag: string,
  env: Record<string, string>,
): Promise<{ server: RunningServer; http: HttpClient; admin: SeedUser }> {
  const dataDir = makeDataDir(tag);
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  const [admin] = await seedUsers(db, [{ email: 'admin@oqu.test', name: 'Admin', role: 'admin' }]);
  closeDatabase(db);
  const server = await startServer({ dataDir, env });
  return { server, http: new HttpClient(server.baseURL), admin: admin! };
}

const SPOOF = {
  'X-Forwarded-For': '10.6.6.6',
  'X-Forwarded-Proto': 'https',
  'X-Forwarded-Host': 'evil.example',
  Forwarded: 'for=10.7.7.7',
  'X-Real-IP': '10.8.8.8',
};

describe('without TRUSTED_PROXIES', () => {
  let s: Awaited<ReturnType<typeof serverWith>>;
  beforeAll(async () => {
    s = await serverWith('spoof-none', {});
  });
  afterAll(async () => {
    s.http.close();
    await s.server.stop();
  });

  test('a client cannot choose its address with forwarded headers', async () => {
    expect(await auditedAddress(s.http, s.admin, '127.70.0.1', SPOOF)).toBe('127.70.0.1');
  });

  test('nor turn its request into the HTTPS site or another host, and the log says why once', async () => {
    // The same-origin form post of http://127.0.0.1:<port> stays same-origin; the forwarded scheme and host are
    // ignored.
    const res = await s.http.post(
      '/en/login',
      { email: 'nobody@oqu.test', password: 'wrong' },
      { headers: SPOOF, from: '127.70.0.2' },
    );
    expect(res.status).toBe(400);
    const forged = await s.http.post(
      '/en/login',
      { email: 'nobody@oqu.test', password: 'wrong' },
      { headers: { ...SPOOF, Origin: 'https://evil.example' }, from: '127.70.0.2' },
    );
    expect(forged.status).toBe(403);
    const warnings = s.server
      .log()
      .split('\n')
      .filter((l) => l.includes('Ignored X-Forwarded-* headers from 127.70.0.2'));
    expect(warnings.length).toBe(1);
  });
});

describe('with TRUSTED_PROXIES=127.0.0.1', () => {
  let s: Awaited<ReturnType<typeof serverWith>>;
  beforeAll(async () => {
    s = await serverWith('spoof-trusted', { TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterAll(async () => {
    s.http.close();
    await s.server.stop();
  });

  test('a client that is not the proxy still cannot choose its address', async () => {
    expect(await auditedAddress(s.http, s.admin, '127.70.0.3', SPOOF)).toBe('127.70.0.3');
  });

  test('from the proxy, the client is the last address that is not a proxy, never the first', async () => {
    expect(await auditedAddress(s.http, s.admin, '127.0.0.1', { 'X-Forwarded-For': '10.6.6.6, 127.70.0.4' })).toBe(
      '127.70.0.4',
    );
    expect(
      await auditedAddress(s.http, s.admin, '127.0.0.1', { 'X-Forwarded-For': '10.6.6.6, 127.70.0.5, 127.0.0.1' }),
    ).toBe('127.70.0.5');
    expect(await auditedAddress(s.http, s.admin, '127.0.0.1', {})).toBe('127.0.0.1');
  });
});

test('a bad TRUSTED_PROXIES stops the server with a message naming the value', async () => {
  const port = await freePort();
  for (const bad of ['127.0.0.1, proxy.internal', '10.0.0.0/40', '0.0.0.0/0']) {
    const run = runServerToExit({
      root: siteRoot,
      dataDir: makeDataDir('bad-proxies'),
      port,
      env: { TRUSTED_PROXIES: bad },
      timeoutMs: 30_000,
    });
    expect(run.code, run.output).toBe(1);
    expect(run.stderr).toContain('TRUSTED_PROXIES is not valid');
    expect(run.stderr).toContain(bad.split(', ').pop()!);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }
});
