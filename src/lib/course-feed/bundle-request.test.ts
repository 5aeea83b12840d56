import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicJwks } from '#lib/certificates/credential.ts';
import { loadSigningKeys, type SigningKeys } from '#lib/certificates/keys.ts';
import { keyUrl } from '#lib/certificates/urls.ts';
import { signFeed } from './feed.ts';
import {
  bearerToken,
  BUNDLE_REQUEST_TYPE,
  claimedRequester,
  signBundleRequest,
  verifyBundleRequest,
} from './bundle-request.ts';

const PARTNER = 'https://oqu.turkistan.example.kz';
const HOST = 'https://oqu.example.kz';
let dir: string;
let keys: SigningKeys;
let other: SigningKeys;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oqu-bundle-request-'));
  keys = await loadSigningKeys(join(dir, 'partner'));
  other = await loadSigningKeys(join(dir, 'other'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expected = (over: Partial<{ requester: string; audience: string; course: string; now: Date }> = {}) => ({
  requester: PARTNER,
  audience: HOST,
  course: 'urbanism',
  ...over,
});

describe('bundle request tokens', () => {
  it("are accepted for the course and host they name, signed by the asking host's published key", async () => {
    const token = await signBundleRequest({ baseUrl: PARTNER, key: keys.current }, HOST, 'urbanism');
    expect(claimedRequester(token)).toBe(PARTNER);
    expect(await verifyBundleRequest(token, publicJwks(keys, PARTNER), expected())).toBe(true);
  });

  it('are refused for another course or host, once expired, or signed by a key the host does not publish', async () => {
    const token = await signBundleRequest({ baseUrl: PARTNER, key: keys.current }, HOST, 'urbanism');
    const jwks = publicJwks(keys, PARTNER);
    expect(await verifyBundleRequest(token, jwks, expected({ course: 'social-entrepreneurship' }))).toBe(false);
    expect(await verifyBundleRequest(token, jwks, expected({ audience: 'https://elsewhere.example.kz' }))).toBe(false);
    expect(await verifyBundleRequest(token, jwks, expected({ requester: 'https://elsewhere.example.kz' }))).toBe(false);
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await verifyBundleRequest(token, jwks, expected({ now: later }))).toBe(false);
    const forged = await signBundleRequest({ baseUrl: PARTNER, key: other.current }, HOST, 'urbanism');
    expect(await verifyBundleRequest(forged, jwks, expected())).toBe(false);
  });

  it('are refused when changed on the way', async () => {
    const token = await signBundleRequest({ baseUrl: PARTNER, key: keys.current }, HOST, 'urbanism');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const changed = Buffer.from(JSON.stringify({ ...claims, sub: 'social-entrepreneurship' })).toString('base64url');
    const tampered = `${header}.${changed}.${signature}`;
    const jwks = publicJwks(keys, PARTNER);
    expect(await verifyBundleRequest(tampered, jwks, expected({ course: 'social-entrepreneurship' }))).toBe(false);
  });

  it('are refused when made to live long, or when they are a feed or credential signed by the same key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwks = publicJwks(keys, PARTNER);
    const sign = (typ: string, exp: number) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', typ, kid: keyUrl(PARTNER, keys.current.kid) })
        .setIssuer(PARTNER)
        .setAudience(HOST)
        .setSubject('urbanism')
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(keys.current.privateKey);
    expect(await verifyBundleRequest(await sign(BUNDLE_REQUEST_TYPE, now + 60), jwks, expected())).toBe(true);
    expect(await verifyBundleRequest(await sign(BUNDLE_REQUEST_TYPE, now + 86_400), jwks, expected())).toBe(false);
    expect(await verifyBundleRequest(await sign('JWT', now + 60), jwks, expected())).toBe(false);
    const feed = await signFeed(
      {
        format: 'oqu-course-feed',
        formatVersion: 1,
        host: PARTNER,
        site: 'P',
        issuedAt: new Date().toISOString(),
        courses: [],
      },
      keys.current,
      PARTNER,
    );
    expect(claimedRequester(`${feed.protected}.${feed.payload}.${feed.signature}`)).toBeNull();
  });

  it('name their host only when their key is on it', async () => {
    const token = await signBundleRequest({ baseUrl: PARTNER, key: keys.current }, HOST, 'urbanism');
    const [, payload, signature] = token.split('.') as [string, string, string];
    const header = Buffer.from(
      JSON.stringify({ alg: 'RS256', typ: BUNDLE_REQUEST_TYPE, kid: keyUrl('https://evil.example', keys.current.kid) }),
    ).toString('base64url');
    expect(claimedRequester(`${header}.${payload}.${signature}`)).toBeNull();
    expect(claimedRequester('not a token')).toBeNull();
  });

  it('are read from a Bearer header only', () => {
    expect(bearerToken('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken('Bearer not-a-jwt')).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
