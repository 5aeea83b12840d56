/**
 * The revocation list of a certificate of this host, as the status endpoint serves it and the
 * verify page reads it for a pasted credential: one rule, also for a replaced certificate.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issueCertificate,
  reissueCertificate,
  revokeCertificate,
  type CertificateSubject,
} from '#lib/certificates/certificates.server.ts';
import { loadSigningKeys, type SigningKeys } from '#lib/certificates/keys.ts';
import { findCredentialRevocationList, findRevocationList } from '#lib/certificates/revocation-list.server.ts';
import { certificateUrls } from '#lib/certificates/urls.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

const baseUrl = 'https://oqu.example.kz';
const issuer = { baseUrl, name: 'Centre', signatoryName: 'Signatory', signatoryTitle: 'Director' };
const subject = (userId: string, holderName = 'Aliya Nurlanova'): CertificateSubject => ({
  userId,
  email: `${userId}@example.kz`,
  holderName,
  locale: 'en',
  course: 'toc',
  courseTitle: 'Theory of change',
  hours: 4,
});

let t: TestDatabase;
let keys: SigningKeys;
beforeAll(async () => {
  t = await createTestDatabase();
  keys = await loadSigningKeys(join(mkdtempSync(join(tmpdir(), 'oqu-keys-')), 'keys'));
});
afterAll(async () => {
  await t?.cleanup();
});

describe('the revocation list of a certificate of this host', () => {
  it('is empty while valid, found by the code however it is typed and by the credential id', async () => {
    const user = await makeUser(t.db);
    const { certificate } = await issueCertificate(t.db, subject(user.id), issuer, keys.current);
    const urls = certificateUrls(baseUrl, certificate.code);
    const list = await findRevocationList(t.db, baseUrl, certificate.code.toLowerCase().replace(/-/g, ' '));
    expect(list).toEqual({ id: urls.status, issuer: expect.any(String), revokedCredential: [] });
    expect(await findCredentialRevocationList(t.db, urls.credential)).toEqual(list);
  });

  it('names a revoked certificate with the admin reason', async () => {
    const user = await makeUser(t.db);
    const admin = await makeUser(t.db, 'admin');
    const { certificate } = await issueCertificate(t.db, subject(user.id), issuer, keys.current);
    await revokeCertificate(t.db, certificate.code, 'Issued by mistake', admin.id);
    const credential = certificateUrls(baseUrl, certificate.code).credential;
    for (const list of [
      await findRevocationList(t.db, baseUrl, certificate.code),
      await findCredentialRevocationList(t.db, credential),
    ]) {
      expect(list?.revokedCredential).toEqual([
        { id: credential, revocationReason: 'Issued by mistake', revocationDate: expect.stringMatching(/^\d{4}-/) },
      ]);
    }
  });

  it('names a replaced certificate "replaced by" the new code in both places (verify once did not)', async () => {
    const user = await makeUser(t.db);
    const { certificate } = await issueCertificate(t.db, subject(user.id, 'Aliya Nurlanva'), issuer, keys.current);
    const fresh = await reissueCertificate(t.db, certificate.code, subject(user.id), issuer, keys.current);
    const credential = certificateUrls(baseUrl, certificate.code).credential;
    const expected = [expect.objectContaining({ id: credential, revocationReason: `replaced by ${fresh!.code}` })];
    expect((await findRevocationList(t.db, baseUrl, certificate.code))?.revokedCredential).toEqual(expected);
    expect((await findCredentialRevocationList(t.db, credential))?.revokedCredential).toEqual(expected);
    expect((await findRevocationList(t.db, baseUrl, fresh!.code))?.revokedCredential).toEqual([]);
  });

  it('is null for a code nobody was given, or no code at all', async () => {
    expect(await findRevocationList(t.db, baseUrl, 'ZZZZ-ZZZZ-ZZZZ')).toBeNull();
    expect(await findRevocationList(t.db, baseUrl, 'not a code')).toBeNull();
    expect(await findCredentialRevocationList(t.db, `${baseUrl}/certificates/`)).toBeNull();
  });
});
