/**
 * Open Badges 3.0 credentials end to end: keys on disk (temp dirs), signing, and verifying the
 * way an outside verifier would (jose's jwtVerify against the published key set, and against
 * the key found by dereferencing the JWT's `kid`), tampering, rotation, schema and context.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
} from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildCredential,
  newCredentialIdentity,
  publicJwks,
  publicKeyDocument,
  signCredential,
  type CredentialAward,
  type OpenBadgeCredential,
} from '#lib/certificates/credential.ts';
import { servedCredentialJwt } from '#lib/certificates/holder-identity.ts';
import { verifyCredentialJwt } from '#lib/certificates/verify.ts';
import {
  KeyStoreError,
  loadSigningKeys,
  resolveKeysDir,
  rotateSigningKey,
  type SigningKeys,
} from '#lib/certificates/keys.ts';
import { thumbprintFromKeyUrl } from '#lib/certificates/urls.ts';

const BASE = 'https://oqu.example.kz';
const fixtures = join(import.meta.dirname, '../fixtures/certificates');
const issuer = { baseUrl: BASE, name: 'Қалалық даму орталығы', url: 'https://example.org/' };
const award: CredentialAward = {
  code: '7K3M-Q9XD-2HFT',
  holderName: 'Әлия Қасымқызы Нұрланова',
  email: 'aliya@example.kz',
  courseSlug: 'social-entrepreneurship',
  courseTitle: 'Әлеуметтік кәсіпкерлік негіздері',
  hours: 24,
  issuedAt: new Date('2026-11-27T10:00:00Z'),
  locale: 'kk',
  // The competencies the course develops (decision 034), aligned on the public framework page.
  alignments: [
    {
      targetName: 'Әлеуметтік әсерді өлшеу',
      targetUrl: `${BASE}/kk/competencies/social-innovation#impact-measurement`,
      targetFramework: 'Әлеуметтік инновация құзыреттері',
      targetCode: 'impact-measurement',
      targetDescription: 'Логикалық модель мен өзгеріс теориясын құрады.',
    },
  ],
};

const dirs: string[] = [];
function tempKeysDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oqu-keys-'));
  dirs.push(dir);
  return join(dir, 'keys');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function issue(keys: SigningKeys, code = award.code): Promise<{ jwt: string; vc: OpenBadgeCredential }> {
  const vc = buildCredential({ ...award, code }, issuer, newCredentialIdentity());
  return { jwt: await signCredential(vc, keys.current, BASE), vc };
}

/** Flips one byte of a decoded JWS segment and re-encodes it. */
function flipByte(jwt: string, segment: 0 | 1 | 2, position: number): string {
  const parts = jwt.split('.');
  const bytes = Buffer.from(parts[segment] as string, 'base64url');
  const at = position < 0 ? bytes.length + position : position;
  bytes[at] = (bytes[at] as number) ^ 0x01;
  parts[segment] = bytes.toString('base64url');
  return parts.join('.');
}

/** An outside verifier: the key set as published, nothing from Oqu's verify function. */
async function verifyIndependently(jwt: string, jwks: JSONWebKeySet): Promise<Record<string, unknown>> {
  const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
  expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
  return payload;
}

describe('signing keys', () => {
  it('are made on first use: RSA 2048, kid = RFC 7638 thumbprint, dir 0700, private files 0600', async () => {
    const dir = tempKeysDir();
    const keys = await loadSigningKeys(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const privateFile = join(dir, `${keys.current.kid}.private.json`);
    expect(statSync(privateFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
    expect(await calculateJwkThumbprint(keys.current.publicJwk, 'sha256')).toBe(keys.current.kid);
    expect(Buffer.from(keys.current.publicJwk.n, 'base64url').length * 8).toBe(2048);
    expect(JSON.parse(readFileSync(privateFile, 'utf8'))).toHaveProperty('d');
    expect(keys.publicKeys.map((k) => k.kid)).toEqual([keys.current.kid]);
    // Loading again finds the same key instead of making another.
    expect((await loadSigningKeys(dir)).current.kid).toBe(keys.current.kid);
  });

  it('survive two processes starting at once: both end up with one key', async () => {
    const dir = tempKeysDir();
    const [a, b] = await Promise.all([loadSigningKeys(dir), loadSigningKeys(dir)]);
    expect(a.current.kid).toBe(b.current.kid);
    expect(readdirSync(dir).filter((f) => f.endsWith('.private.json'))).toHaveLength(1);
  });

  it('tighten a directory or key file that others could read', async () => {
    const dir = tempKeysDir();
    const keys = await loadSigningKeys(dir);
    const { chmodSync } = await import('node:fs');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, `${keys.current.kid}.private.json`), 0o644);
    await loadSigningKeys(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, `${keys.current.kid}.private.json`)).mode & 0o777).toBe(0o600);
  });

  it('live in data/keys or OQU_KEYS_DIR, never elsewhere in the repository', () => {
    const root = resolve('/srv/oqu');
    expect(resolveKeysDir(root, {})).toBe('/srv/oqu/data/keys');
    expect(resolveKeysDir(root, { OQU_KEYS_DIR: '/var/lib/oqu/keys' })).toBe('/var/lib/oqu/keys');
    expect(resolveKeysDir(root, { OQU_KEYS_DIR: 'data/other-keys' })).toBe('/srv/oqu/data/other-keys');
    expect(() => resolveKeysDir(root, { OQU_KEYS_DIR: 'keys' })).toThrow(KeyStoreError);
    expect(() => resolveKeysDir(root, { OQU_KEYS_DIR: '/srv/oqu/src/keys' })).toThrow(/inside the repository/);
    expect(() => resolveKeysDir(root, { OQU_KEYS_DIR: '/srv/oqu' })).toThrow(KeyStoreError);
  });
});

describe('signed credential', () => {
  it('verifies with Oqu, with jose against the JWKS, and with the key its kid names', async () => {
    const keys = await loadSigningKeys(tempKeysDir());
    const { jwt, vc } = await issue(keys);
    const jwks = publicJwks(keys, BASE);
    const header = decodeProtectedHeader(jwt);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: `${BASE}/keys/${keys.current.kid}.json` });

    const ours = await verifyCredentialJwt(jwt, jwks);
    expect(ours).toMatchObject({ valid: true, kid: header.kid });

    const payload = await verifyIndependently(jwt, jwks);
    expect(payload).toMatchObject({
      iss: `${BASE}/issuer.json`,
      jti: `${BASE}/certificates/7K3M-Q9XD-2HFT.json`,
      sub: vc.credentialSubject.id,
      nbf: 1795773600,
    });
    expect(payload.vc).toEqual(vc);

    // Dereference the kid as a verifier would: the URL serves the bare JWK.
    const thumbprint = thumbprintFromKeyUrl(BASE, String(header.kid));
    const published = keys.publicKeys.find((k) => k.kid === thumbprint);
    expect(published).toBeDefined();
    const jwk = publicKeyDocument(published!);
    expect(Object.keys(jwk).sort()).toEqual(['e', 'kty', 'n']);
    expect(await calculateJwkThumbprint(jwk, 'sha256')).toBe(thumbprint);
    await expect(jwtVerify(jwt, await importJWK(jwk, 'RS256'))).resolves.toBeDefined();
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('fails when any single byte of header, payload or signature is flipped', async () => {
    const keys = await loadSigningKeys(tempKeysDir());
    const { jwt } = await issue(keys);
    const jwks = publicJwks(keys, BASE);
    const payloadLength = Buffer.from(jwt.split('.')[1] as string, 'base64url').length;
    const cases: [0 | 1 | 2, number][] = [
      [0, 0],
      [0, 10],
      [0, -2],
      [1, 0],
      [1, 1],
      [1, 57],
      [1, Math.floor(payloadLength / 2)],
      [1, payloadLength - 40],
      [1, -2],
      [1, -1],
      [2, 0],
      [2, 1],
      [2, 128],
      [2, 200],
      [2, -2],
      [2, -1],
    ];
    for (const [segment, position] of cases) {
      const forged = flipByte(jwt, segment, position);
      expect(forged).not.toBe(jwt);
      const ours = await verifyCredentialJwt(forged, jwks);
      expect(ours.valid, `segment ${segment}, byte ${position}`).toBe(false);
      await expect(verifyIndependently(forged, jwks), `segment ${segment}, byte ${position}`).rejects.toThrow();
    }
  });

  it('keeps old certificates verifiable after a key rotation', async () => {
    const dir = tempKeysDir();
    const first = await loadSigningKeys(dir);
    const before = await issue(first, '0000-0000-0001');
    const rotated = await rotateSigningKey(dir);
    expect(rotated.current.kid).not.toBe(first.current.kid);
    expect(rotated.publicKeys.map((k) => k.kid)).toEqual([rotated.current.kid, first.current.kid]);
    const after = await issue(rotated, '0000-0000-0002');

    const reloaded = await loadSigningKeys(dir);
    expect(reloaded.current.kid).toBe(rotated.current.kid);
    const jwks = publicJwks(reloaded, BASE);
    expect(jwks.keys).toHaveLength(2);
    for (const { jwt } of [before, after]) {
      expect((await verifyCredentialJwt(jwt, jwks)).valid).toBe(true);
      await verifyIndependently(jwt, jwks);
    }
    expect(decodeProtectedHeader(before.jwt).kid).not.toBe(decodeProtectedHeader(after.jwt).kid);
    // The old private key is gone; its public key stays published.
    const files = readdirSync(dir);
    expect(files).not.toContain(`${first.current.kid}.private.json`);
    expect(files).toContain(`${first.current.kid}.public.json`);
    expect(statSync(join(dir, `${rotated.current.kid}.private.json`)).mode & 0o777).toBe(0o600);
  });

  it('reports unknown keys, early use and claims that disagree with the credential', async () => {
    const keys = await loadSigningKeys(tempKeysDir());
    const other = await loadSigningKeys(tempKeysDir());
    const { jwt, vc } = await issue(keys);
    expect(await verifyCredentialJwt(jwt, publicJwks(other, BASE))).toMatchObject({
      valid: false,
      reason: 'unknown-key',
    });
    expect(
      await verifyCredentialJwt(jwt, publicJwks(keys, BASE), { currentDate: new Date('2026-11-27T09:00:00Z') }),
    ).toMatchObject({ valid: false, reason: 'not-yet-valid' });
    expect(await verifyCredentialJwt('not.a.jwt', publicJwks(keys, BASE))).toMatchObject({
      valid: false,
      reason: 'malformed',
    });

    const header = { alg: 'RS256', typ: 'JWT', kid: `${BASE}/keys/${keys.current.kid}.json` };
    const nbf = Math.floor(Date.parse(vc.validFrom) / 1000);
    const wrongJti = await new SignJWT({ vc })
      .setProtectedHeader(header)
      .setIssuer(vc.issuer.id)
      .setJti(`${BASE}/certificates/OTHER.json`)
      .setSubject(vc.credentialSubject.id)
      .setNotBefore(nbf)
      .sign(keys.current.privateKey);
    expect(await verifyCredentialJwt(wrongJti, publicJwks(keys, BASE))).toMatchObject({
      valid: false,
      reason: 'claims-mismatch',
    });
    const wrongNbf = await new SignJWT({ vc })
      .setProtectedHeader(header)
      .setIssuer(vc.issuer.id)
      .setJti(vc.id)
      .setSubject(vc.credentialSubject.id)
      .setNotBefore(nbf - 60)
      .sign(keys.current.privateKey);
    expect(await verifyCredentialJwt(wrongNbf, publicJwks(keys, BASE))).toMatchObject({
      valid: false,
      reason: 'claims-mismatch',
    });
    const notBadge = await new SignJWT({ vc: { ...vc, type: ['VerifiableCredential'] } })
      .setProtectedHeader(header)
      .setIssuer(vc.issuer.id)
      .setJti(vc.id)
      .setSubject(vc.credentialSubject.id)
      .setNotBefore(nbf)
      .sign(keys.current.privateKey);
    expect(await verifyCredentialJwt(notBadge, publicJwks(keys, BASE))).toMatchObject({
      valid: false,
      reason: 'not-a-badge',
    });
  });
});

describe('credential shape', () => {
  const schema = JSON.parse(readFileSync(join(fixtures, 'ob-v3p0-credential.schema.json'), 'utf8')) as object;
  // @context is an open tuple; anyOf branches name required members defined beside them.
  const ajv = new Ajv2019({ allErrors: true, strict: true, strictTuples: false, strictRequired: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('passes the OB 3.0 schema, as signed and decoded', async () => {
    const keys = await loadSigningKeys(tempKeysDir());
    const { jwt } = await issue(keys);
    const result = await verifyCredentialJwt(jwt, publicJwks(keys, BASE));
    expect(result.valid).toBe(true);
    const vc = (result as { credential: OpenBadgeCredential }).credential;
    expect(validate(vc), JSON.stringify(validate.errors)).toBe(true);
    expect(vc.credentialSubject.achievement.alignment).toEqual([
      { type: ['Alignment'], targetType: 'ceasn:Competency', ...award.alignments![0] },
    ]);
    const without = buildCredential({ ...award, alignments: [] }, issuer, newCredentialIdentity());
    expect(without.credentialSubject.achievement).not.toHaveProperty('alignment');
    expect(validate(without), JSON.stringify(validate.errors)).toBe(true);
    for (const locale of ['ru', 'en'] as const) {
      expect(
        validate(buildCredential({ ...award, locale }, issuer, newCredentialIdentity())),
        JSON.stringify(validate.errors),
      ).toBe(true);
    }
  });

  it('passes it too with an opaque holder identifier: re-signed, verifiable, no e-mail hash or salt', async () => {
    const keys = await loadSigningKeys(tempKeysDir());
    const { jwt } = await issue(keys);
    expect(await servedCredentialJwt(jwt, 'email', keys.current, BASE)).toBe(jwt);
    const opaque = await servedCredentialJwt(jwt, 'opaque', keys.current, BASE);
    // RS256 signing is deterministic: the same choice gives the same token every time.
    expect(await servedCredentialJwt(jwt, 'opaque', keys.current, BASE)).toBe(opaque);
    const result = await verifyCredentialJwt(opaque, publicJwks(keys, BASE));
    expect(result.valid).toBe(true);
    const vc = (result as { credential: OpenBadgeCredential }).credential;
    expect(validate(vc), JSON.stringify(validate.errors)).toBe(true);
    expect(vc.credentialSubject.identifier).toEqual([
      { type: 'IdentityObject', identityHash: award.holderName, identityType: 'name', hashed: false },
    ]);
    expect(JSON.stringify(vc)).not.toMatch(/salt|sha256\$|aliya@/);
    await verifyIndependently(opaque, publicJwks(keys, BASE));
  });

  it('and the schema does catch broken credentials', () => {
    const good = buildCredential(award, issuer, newCredentialIdentity());
    const broken: unknown[] = [
      { ...good, validFrom: undefined },
      { ...good, '@context': ['https://www.w3.org/2018/credentials/v1'] },
      { ...good, type: ['VerifiableCredential'] },
      {
        ...good,
        credentialSubject: {
          ...good.credentialSubject,
          achievement: { ...good.credentialSubject.achievement, criteria: undefined },
        },
      },
      {
        ...good,
        credentialSubject: {
          ...good.credentialSubject,
          identifier: [{ ...good.credentialSubject.identifier[0], identityType: 'phone' }],
        },
      },
      {
        ...good,
        credentialSubject: {
          ...good.credentialSubject,
          identifier: [{ ...good.credentialSubject.identifier[0], identityHash: 'aliya@example.kz' }],
        },
      },
      {
        ...good,
        credentialSubject: {
          ...good.credentialSubject,
          achievement: { ...good.credentialSubject.achievement, achievementType: 'Diplomaa' },
        },
      },
      {
        ...good,
        credentialSubject: {
          ...good.credentialSubject,
          achievement: {
            ...good.credentialSubject.achievement,
            alignment: [{ type: ['Alignment'], targetName: 'No address' }],
          },
        },
      },
    ];
    for (const vc of broken) expect(validate(JSON.parse(JSON.stringify(vc)))).toBe(false);
  });

  it('uses only terms that the VC 2.0 and OB 3.0.3 contexts define', () => {
    const defined = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (!key.startsWith('@')) defined.add(key);
          collect(value);
        }
      }
    };
    for (const file of ['credentials-v2-context.json', 'ob-context-3.0.3.json'])
      collect(JSON.parse(readFileSync(join(fixtures, file), 'utf8'))['@context']);
    const used = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (!key.startsWith('@')) used.add(key);
          walk(value);
        }
      }
    };
    walk(buildCredential(award, issuer, newCredentialIdentity()));
    const undefinedTerms = [...used].filter((term) => !defined.has(term));
    expect(undefinedTerms).toEqual([]);
    // The type names too (1EdTech's own method and validator names are issuer-dependent terms).
    for (const type of [
      'VerifiableCredential',
      'OpenBadgeCredential',
      'AchievementSubject',
      'Achievement',
      'Profile',
      'IdentityObject',
      'Alignment',
    ])
      expect(defined.has(type)).toBe(true);
  });
});
