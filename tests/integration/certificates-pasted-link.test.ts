/**
 * A certificate link pasted on the verify page instead of a credential, against a partner host
 * on real loopback HTTP: a link to this host names the code's own page; a link to a trusted host
 * is looked up there (its `/certificates/{code}.json`, through the partner fetcher's cap and
 * deadline) and checked like a pasted credential, revocation included; a code the partner does
 * not know says so; a link to any other host is never fetched; an answer past the cap is refused.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, revokeCertificate } from '#lib/certificates/certificates.server.ts';
import { publicJwks } from '#lib/certificates/credential.ts';
import { loadSigningKeys, type SigningKeys } from '#lib/certificates/keys.ts';
import { createPartnerCache, PARTNER_MAX_BYTES } from '#lib/certificates/partner-fetch.server.ts';
import { verifyPasted, type PastedCheck } from '#lib/certificates/pasted.server.ts';
import { findCredentialRevocationList, findRevocationList } from '#lib/certificates/revocation-list.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

const HUGE = 'ZZZZ-ZZZZ-ZZZZ';
let t: TestDatabase;
let keys: SigningKeys;
let server: Server;
let PARTNER: string;
let code: string;
const requests: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  keys = await loadSigningKeys(join(mkdtempSync(join(tmpdir(), 'oqu-keys-')), 'keys'));
  // The partner host: its key set, credentials and status lists, as its routes serve them.
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    void (async () => {
      if (req.url === '/.well-known/jwks.json') return res.end(JSON.stringify(publicJwks(keys, PARTNER)));
      if (req.url === `/certificates/${HUGE}.json`) return res.end('e'.repeat(PARTNER_MAX_BYTES + 1));
      const credential = /^\/certificates\/([^/]+)\.json$/.exec(req.url ?? '');
      if (credential) {
        const row = await t.db.query.certificates.findFirst();
        const found = row && row.code === credential[1] ? row.credential : null;
        res.statusCode = found ? 200 : 404;
        return res.end(found ?? 'No certificate of this site has this code.');
      }
      const status = /^\/certificates\/([^/]+)\/status$/.exec(req.url ?? '');
      const list = status ? await findRevocationList(t.db, PARTNER, status[1]!) : null;
      res.statusCode = list ? 200 : 404;
      res.end(JSON.stringify(list));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  PARTNER = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const user = await makeUser(t.db);
  const issued = await issueCertificate(
    t.db,
    {
      userId: user.id,
      email: 'a@example.kz',
      holderName: 'Aliya Nurlanova',
      locale: 'en' as const,
      course: 'toc',
      courseTitle: 'Theory of change',
      hours: 4,
    },
    { baseUrl: PARTNER, name: 'Hub', signatoryName: 'Signatory', signatoryTitle: 'Director' },
    keys.current,
  );
  code = issued.certificate.code;
});

afterAll(async () => {
  server?.close();
  await t?.cleanup();
});

let admitted = 0;
const onAnotherHost = (trustedHosts: string[]): PastedCheck => ({
  ownBaseUrl: 'https://oqu.example.kz',
  ownFormerBaseUrls: ['http://203.0.113.7'],
  ownKeys: { keys: [] },
  trustedHosts,
  ownStatus: () => Promise.resolve(null),
  admit: () => Promise.resolve((admitted++, { allowed: true })),
  cache: createPartnerCache({ statusTtlMs: 0 }),
});

describe('a pasted certificate link', () => {
  it("to this host (or an address it had) goes to the code's page, asking no one", async () => {
    const check = onAnotherHost([PARTNER]);
    const before = requests.length;
    expect(await verifyPasted('https://oqu.example.kz/verify/abcd-efgh-jkmn', check)).toEqual({
      state: 'own',
      code: 'ABCD-EFGH-JKMN',
    });
    expect((await verifyPasted('http://203.0.113.7/certificates/ABCD-EFGH-JKMN.pdf', check)).state).toBe('own');
    expect(requests.length).toBe(before);
  });

  it('to a trusted host is looked up there and checked, once per the address limit', async () => {
    admitted = 0;
    const verdict = await verifyPasted(`${PARTNER}/verify/${code}`, onAnotherHost([PARTNER]));
    expect(verdict).toMatchObject({ state: 'valid', host: PARTNER });
    expect(requests).toContain(`/certificates/${code}.json`);
    expect(admitted).toBe(1);
    const fromQr = await verifyPasted(` ${PARTNER}/ru/verify?code=${code.toLowerCase()} `, onAnotherHost([PARTNER]));
    expect(fromQr.state).toBe('valid');
  });

  it('to a trusted host that does not know the code, or answers past the cap, says so', async () => {
    expect(await verifyPasted(`${PARTNER}/verify/0000-0000-0000`, onAnotherHost([PARTNER]))).toEqual({
      state: 'invalid',
      reason: 'unknown-code',
      host: PARTNER,
    });
    expect(await verifyPasted(`${PARTNER}/verify/${HUGE}`, onAnotherHost([PARTNER]))).toEqual({
      state: 'invalid',
      reason: 'unreachable',
      host: PARTNER,
    });
    expect(await verifyPasted(`${PARTNER}/en/courses/toc/`, onAnotherHost([PARTNER]))).toMatchObject({
      reason: 'not-a-certificate-link',
    });
  });

  it('to a host that is not trusted is never fetched', async () => {
    const before = requests.length;
    admitted = 0;
    expect(await verifyPasted(`${PARTNER}/verify/${code}`, onAnotherHost(['https://other.example.kz']))).toEqual({
      state: 'untrusted',
      host: PARTNER,
    });
    expect(await verifyPasted(`${PARTNER}/verify/${code}`, onAnotherHost([]))).toMatchObject({ state: 'untrusted' });
    expect([requests.length - before, admitted]).toEqual([0, 0]);
  });

  it('shows a revocation made on the partner', async () => {
    const row = (await t.db.query.certificates.findFirst())!;
    expect(await revokeCertificate(t.db, code, 'issued by mistake', row.userId)).not.toBeNull();
    expect(await verifyPasted(`${PARTNER}/certificates/${code}.json`, onAnotherHost([PARTNER]))).toMatchObject({
      state: 'revoked',
      reason: 'issued by mistake',
    });
    expect(await findCredentialRevocationList(t.db, `${PARTNER}/certificates/${code}.json`)).not.toBeNull();
  });
});
