/**
 * Certificates in the database and across hosts: issued exactly once under 50 concurrent
 * calls, revoked with a record, re-issued after a name correction; and a credential from
 * another Oqu host checked against that host's published keys and status list, over HTTP.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  certificateState,
  findCertificate,
  issueCertificate,
  listCertificates,
  reissueCertificate,
  revokeCertificate,
  type CertificateSubject,
} from '#lib/certificates/certificates.server.ts';
import { buildCredential, newCredentialIdentity, publicJwks, signCredential } from '#lib/certificates/credential.ts';
import { verifyAnyCredential } from '#lib/certificates/foreign.server.ts';
import { loadSigningKeys, type SigningKeys } from '#lib/certificates/keys.ts';
import { createPartnerCache } from '#lib/certificates/partner-fetch.server.ts';
import { buildRevocationList } from '#lib/certificates/verify.ts';
import { makeUser } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let keys: SigningKeys;
beforeAll(async () => {
  t = await createTestDatabase();
  keys = await loadSigningKeys(join(mkdtempSync(join(tmpdir(), 'oqu-keys-')), 'keys'));
});
afterAll(async () => {
  await t.cleanup();
});

const issuer = {
  baseUrl: 'https://oqu.almaty.example',
  name: 'Қалалық даму орталығы',
  signatoryName: 'Signatory',
  signatoryTitle: 'Director',
};
const subjectFor = (userId: string, name = 'Әлия Қасымқызы Нұрланова'): CertificateSubject => ({
  userId,
  email: `${userId}@example.kz`,
  holderName: name,
  locale: 'kk',
  course: 'urbanism',
  courseTitle: 'Урбанистика және белсенді азаматтық',
  hours: 8,
});

describe('issuing, revoking and re-issuing', () => {
  test('50 concurrent issues for one trainee and course give one certificate', async () => {
    const user = await makeUser(t.db);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => issueCertificate(t.db, subjectFor(user.id), issuer, keys.current)),
    );
    expect(results.filter((r) => r.issuedNow).length).toBe(1);
    expect(new Set(results.map((r) => r.certificate.code)).size).toBe(1);
    expect((await listCertificates(t.db, user.id)).length).toBe(1);
  });

  test('revoking records who and why, once; re-issuing replaces the old one with the corrected name', async () => {
    const user = await makeUser(t.db);
    const admin = await makeUser(t.db, 'admin');
    const { certificate } = await issueCertificate(t.db, subjectFor(user.id, 'Aliya Nurlanova'), issuer, keys.current);
    const fresh = await reissueCertificate(
      t.db,
      certificate.code,
      subjectFor(user.id, 'Әлия Нұрланова'),
      issuer,
      keys.current,
    );
    expect(fresh?.holderName).toBe('Әлия Нұрланова');
    const old = await findCertificate(t.db, certificate.code);
    expect(old?.replacedBy).toBe(fresh?.code);
    expect(certificateState(old!)).toBe('replaced');
    expect(await reissueCertificate(t.db, certificate.code, subjectFor(user.id), issuer, keys.current)).toBeNull();
    const when = new Date('2026-11-27T12:00:00Z');
    const revoked = await revokeCertificate(t.db, fresh!.code, 'Issued by mistake', admin.id, when);
    expect(revoked).toMatchObject({ revokedReason: 'Issued by mistake', revokedBy: admin.id, revokedAt: when });
    const again = await revokeCertificate(t.db, fresh!.code, 'Other reason', user.id);
    expect(again).toMatchObject({ revokedReason: 'Issued by mistake', revokedBy: admin.id });
    expect((await issueCertificate(t.db, subjectFor(user.id), issuer, keys.current)).issuedNow).toBe(false);
  });
});

describe('a credential from another Oqu host', () => {
  let server: Server;
  let host: string;
  let otherKeys: SigningKeys;
  let revoked = false;
  const REVOKED_AT = new Date('2026-11-28T10:00:00Z');
  let jwt: string;
  beforeAll(async () => {
    otherKeys = await loadSigningKeys(join(mkdtempSync(join(tmpdir(), 'oqu-other-keys-')), 'keys'));
    server = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/.well-known/jwks.json') return res.end(JSON.stringify(publicJwks(otherKeys, host)));
      if (req.url === '/certificates/AAAA-BBBB-CCCC/status')
        return res.end(
          JSON.stringify(
            buildRevocationList(host, 'AAAA-BBBB-CCCC', revoked ? { reason: 'withdrawn', at: REVOKED_AT } : undefined),
          ),
        );
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    host = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const credential = buildCredential(
      {
        code: 'AAAA-BBBB-CCCC',
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
    jwt = await signCredential(credential, otherKeys.current, host);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const check = (trustedHosts: string[]) => ({
    ownBaseUrl: 'https://oqu.almaty.example',
    ownKeys: publicJwks(keys, 'https://oqu.almaty.example'),
    trustedHosts,
    ownStatus: async () => null,
    // Fresh answers each time: the test flips the partner's status list between checks.
    cache: createPartnerCache({ statusTtlMs: 0 }),
  });

  test('is valid when its host is trusted, naming the issuer and host', async () => {
    const verdict = await verifyAnyCredential(jwt, check([host]));
    expect(verdict).toMatchObject({ state: 'valid', host });
    expect(verdict.state === 'valid' && verdict.credential.issuer.name).toBe('Turkistan Partner');
  });

  test('is refused as untrusted when its host is not listed', async () => {
    expect(await verifyAnyCredential(jwt, check([]))).toEqual({ state: 'untrusted', host });
  });

  test('shows revoked once its host lists it, with the partner’s reason and date', async () => {
    revoked = true;
    expect(await verifyAnyCredential(jwt, check([host]))).toMatchObject({
      state: 'revoked',
      host,
      reason: 'withdrawn',
      revokedAt: REVOKED_AT,
    });
    revoked = false;
  });

  test('fails on a changed payload, and on a key the host does not publish', async () => {
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const tampered = `${h}.${p.slice(0, 20)}${p[20] === 'A' ? 'B' : 'A'}${p.slice(21)}.${s}`;
    expect(await verifyAnyCredential(tampered, check([host]))).toMatchObject({ state: 'invalid' });
    const forged = await signCredential(JSON.parse(Buffer.from(p, 'base64url').toString()).vc, keys.current, host);
    expect(await verifyAnyCredential(forged, check([host]))).toMatchObject({ state: 'invalid' });
    expect(await verifyAnyCredential('not a jwt', check([host]))).toEqual({ state: 'invalid', reason: 'malformed' });
  });
});
