/**
 * A host that moved (an IP over http to a domain over https) keeps its credentials verifiable
 * (decision 025): the database says which addresses credentials were issued under; the host's
 * key set lists its keys under those too; its verify page takes its own old credentials; a
 * partner that trusts the new address accepts them, reading keys and status at the new address
 * over real loopback HTTP; revocation still shows in both places.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, revokeCertificate } from '#lib/certificates/certificates.server.ts';
import { publicJwks } from '#lib/certificates/credential.ts';
import { verifyAnyCredential, type ForeignCheck } from '#lib/certificates/foreign.server.ts';
import { credentialsIssuedUnder, formerBaseUrls } from '#lib/certificates/issued-under.server.ts';
import { loadSigningKeys, type SigningKeys } from '#lib/certificates/keys.ts';
import { createPartnerCache } from '#lib/certificates/partner-fetch.server.ts';
import { findCredentialRevocationList, findRevocationList } from '#lib/certificates/revocation-list.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

const OLD = 'http://203.0.113.7';
let NEW: string;
let t: TestDatabase;
let keys: SigningKeys;
let server: Server;
let jwt: string;
let code: string;

beforeAll(async () => {
  t = await createTestDatabase();
  keys = await loadSigningKeys(join(mkdtempSync(join(tmpdir(), 'oqu-keys-')), 'keys'));
  const user = await makeUser(t.db);
  const issuer = { baseUrl: OLD, name: 'Hub', signatoryName: 'Signatory', signatoryTitle: 'Director' };
  const subject = { userId: user.id, email: 'a@example.kz', holderName: 'Aliya Nurlanova', locale: 'en' as const };
  const issued = await issueCertificate(
    t.db,
    { ...subject, course: 'toc', courseTitle: 'Theory of change', hours: 4 },
    issuer,
    keys.current,
  );
  jwt = issued.certificate.credential;
  code = issued.certificate.code;
  // The moved host at its new address: its key set and status lists, as its routes serve them.
  server = createServer((req, res) => {
    void (async () => {
      res.setHeader('Content-Type', 'application/json');
      const former = formerBaseUrls(await credentialsIssuedUnder(t.db), NEW);
      if (req.url === '/.well-known/jwks.json') return res.end(JSON.stringify(publicJwks(keys, NEW, former)));
      const status = /^\/certificates\/([^/]+)\/status$/.exec(req.url ?? '');
      const list = status ? await findRevocationList(t.db, NEW, status[1]!) : null;
      res.statusCode = list ? 200 : 404;
      res.end(JSON.stringify(list));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  NEW = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  server?.close();
  await t?.cleanup();
});

async function onTheHost(): Promise<ForeignCheck> {
  const former = formerBaseUrls(await credentialsIssuedUnder(t.db), NEW);
  return {
    ownBaseUrl: NEW,
    ownFormerBaseUrls: former,
    ownKeys: publicJwks(keys, NEW, former),
    trustedHosts: [],
    ownStatus: (id) => findCredentialRevocationList(t.db, id),
  };
}

const onAPartner = (trustedHosts: string[]): ForeignCheck => ({
  ownBaseUrl: 'https://partner.example.kz',
  ownKeys: { keys: [] },
  trustedHosts,
  ownStatus: () => Promise.resolve(null),
  cache: createPartnerCache({ statusTtlMs: 0 }),
});

describe('credentials issued before a move', () => {
  it('are recorded by the address and key they were issued under', async () => {
    const issued = await credentialsIssuedUnder(t.db);
    expect(issued).toEqual([{ baseUrl: OLD, kid: keys.current.kid, lastIssuedAt: expect.any(Date), count: 1 }]);
    expect(formerBaseUrls(issued, NEW)).toEqual([OLD]);
    expect(formerBaseUrls(issued, OLD)).toEqual([]);
  });

  it('verify on the moved host itself, and show a revocation there', async () => {
    const check = await onTheHost();
    expect((await verifyAnyCredential(jwt, check)).state).toBe('valid');
    // Without the former address the host calls its own credential untrusted (the bug).
    expect((await verifyAnyCredential(jwt, { ...check, ownFormerBaseUrls: [] })).state).toBe('untrusted');
  });

  it('verify on a partner that trusts the new address, and nowhere else', async () => {
    expect(await verifyAnyCredential(jwt, onAPartner([NEW]))).toMatchObject({ state: 'valid', host: OLD });
    expect((await verifyAnyCredential(jwt, onAPartner(['https://other.example.kz']))).state).toBe('untrusted');
  });

  it('show as revoked on the host and on the partner once revoked', async () => {
    const row = (await t.db.query.certificates.findFirst())!;
    expect(await revokeCertificate(t.db, code, 'issued by mistake', row.userId)).not.toBeNull();
    expect((await verifyAnyCredential(jwt, await onTheHost())).state).toBe('revoked');
    expect((await verifyAnyCredential(jwt, onAPartner([NEW]))).state).toBe('revoked');
  });
});
