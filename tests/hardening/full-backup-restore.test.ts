/**
 * A full backup restores onto a fresh copy (decision 025), and a host that moved keeps its
 * credentials: a certificate issued under a former address (an IP over http, before the site
 * moved to the address it is built with) is backed up with `oqu backup` while the server runs,
 * restored into fresh folders with `oqu restore`, and the real server started there serves the
 * course, verifies the old certificate by code and by its credential, lists its key under the
 * former address and warns at start that `baseUrl` changed. With the keys taken away the same
 * server refuses to start, saying how to fix it, and makes no new key.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { issueCertificate } from '#lib/certificates/certificates.server.ts';
import { loadSigningKeys } from '#lib/certificates/keys.ts';
import { closeDatabase, openMigrated, seedUsers } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';
import { freePort, runServerToExit } from '../helpers/server.ts';

const FORMER = 'http://203.0.113.7';
const servers: RunningServer[] = [];
let liveDir: string;
let code: string;
let credential: string;

function oqu(dataDir: string, args: string[]): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, ['src/cli/oqu.ts', ...args], {
    cwd: siteRoot,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile(dataDir)}`, OQU_KEYS_DIR: join(dataDir, 'keys') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  liveDir = makeDataDir('full-backup');
  const db = await openMigrated(`file:${databaseFile(liveDir)}`);
  const [holder] = await seedUsers(db, [{ email: 'moved@oqu.test', name: 'Aliya Nurlanova' }]);
  const keys = await loadSigningKeys(join(liveDir, 'keys'));
  const issuer = { baseUrl: FORMER, name: 'Hub', signatoryName: 'Signatory', signatoryTitle: 'Director' };
  const subject = { userId: holder!.id, email: holder!.email, holderName: holder!.name, locale: 'en' as const };
  const { certificate } = await issueCertificate(
    db,
    { ...subject, course: 'urbanism', courseTitle: 'Urbanism', hours: 4 },
    issuer,
    keys.current,
  );
  code = certificate.code;
  credential = certificate.credential;
  closeDatabase(db);
});

afterAll(async () => {
  rmSync(join(siteRoot, 'pages'), { recursive: true, force: true });
  for (const s of servers) await s.stop();
});

test('a full backup, restored onto a fresh copy, serves the course and verifies the old certificate', async () => {
  const live = await startServer({ dataDir: liveDir });
  servers.push(live);
  mkdirSync(join(siteRoot, 'pages'), { recursive: true });
  writeFileSync(join(siteRoot, 'pages', 'about.en.md'), '# About the Hub\n');
  const archive = join(liveDir, 'site.tar.gz');
  const backup = oqu(liveDir, ['backup', archive]);
  expect(backup.output).toMatch(/read back and checked/);
  expect(backup.code).toBe(0);
  expect(statSync(archive).mode & 0o777).toBe(0o600);
  const listing = spawnSync('tar', ['tzf', archive], { encoding: 'utf8' }).stdout.split('\n');
  for (const part of ['manifest.json', 'database/oqu.db', 'keys/keys.json', 'config/oqu.config.yaml'])
    expect(listing).toContain(part);
  expect(listing.some((path) => path.startsWith('courses/urbanism/'))).toBe(true);
  expect(listing.some((path) => path.startsWith('branding/'))).toBe(true);
  expect(listing).toContain('pages/about.en.md');
  rmSync(join(siteRoot, 'pages'), { recursive: true });

  const fresh = makeDataDir('restored');
  const restore = oqu(fresh, ['restore', archive]);
  expect(restore.output).toMatch(/Restored/);
  expect(restore.code).toBe(0);
  expect(readFileSync(join(siteRoot, 'pages', 'about.en.md'), 'utf8')).toBe('# About the Hub\n');
  rmSync(join(siteRoot, 'pages'), { recursive: true });
  expect(oqu(fresh, ['restore', archive]).output).toMatch(/Refusing to restore over/);

  const restored = await startServer({ dataDir: fresh });
  servers.push(restored);
  expect(restored.log()).toMatch(`the latest certificates were issued under ${FORMER}`);
  const http = new HttpClient(restored.baseURL);
  expect((await http.request('GET', '/en/courses/urbanism/')).status).toBe(200);
  const achievement = await http.request('GET', '/courses/urbanism', { headers: { 'Accept-Language': 'ru' } });
  expect([achievement.status, achievement.headers.location]).toEqual([302, '/ru/courses/urbanism/']);
  const byCode = await http.request('GET', `/verify/${code}`);
  expect(byCode.status).toBe(200);
  expect(byCode.body.toString()).toContain('Aliya Nurlanova');
  const pasted = await http.request('POST', '/en/verify', { body: { credential } });
  expect(pasted.status).toBe(200);
  const jwks = JSON.parse((await http.request('GET', '/.well-known/jwks.json')).body.toString()) as {
    keys: { kid: string }[];
  };
  expect(jwks.keys.some((key) => key.kid.startsWith(`${FORMER}/keys/`))).toBe(true);
  http.close();
  await restored.stop();

  // The keys lost (a restore of the database alone): refused, and no new key is made.
  for (const name of readdirSync(join(fresh, 'keys'))) rmSync(join(fresh, 'keys', name));
  const refused = runServerToExit({ root: siteRoot, dataDir: fresh, port: await freePort() });
  expect(refused.output).toMatch(/Refusing to start: 1 certificate\(s\) in the database were signed with key/);
  expect(refused.code).toBe(1);
  expect(existsSync(join(fresh, 'keys', 'keys.json'))).toBe(false);
});
