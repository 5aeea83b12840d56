import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicJwks } from '#lib/certificates/credential.ts';
import { loadSigningKeys, type SigningKeys } from '#lib/certificates/keys.ts';
import { FEED_FORMAT, sharesCourse, signFeed, verifyFeed, type CourseFeed, type SignedFeed } from './feed.ts';

const HOST = 'https://oqu.almaty.kz';
const feed: CourseFeed = {
  format: FEED_FORMAT,
  formatVersion: 1,
  host: HOST,
  site: 'Алматы оқу орталығы',
  issuedAt: '2026-12-05T08:00:00.000Z',
  courses: [
    {
      id: 'urbanism',
      title: { kk: 'Урбанистика негіздері', ru: 'Основы урбанистики', en: 'Urbanism basics' },
      version: 'a'.repeat(64),
      license: 'CC BY-SA 4.0',
      languages: ['kk', 'ru', 'en'],
      updated: '2026-12-01T10:00:00.000Z',
      bundle: { url: `${HOST}/course-bundles/urbanism.oqu-course.json.gz`, sha256: 'b'.repeat(64), bytes: 1234 },
    },
  ],
};

let dir: string;
let keys: SigningKeys;
let other: SigningKeys;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oqu-feed-keys-'));
  keys = await loadSigningKeys(join(dir, 'a'));
  other = await loadSigningKeys(join(dir, 'b'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('signFeed and verifyFeed', () => {
  it("accepts a feed signed with the host's published key, and gives back its courses", async () => {
    const signed = await signFeed(feed, keys.current, HOST);
    const result = await verifyFeed(JSON.parse(JSON.stringify(signed)), publicJwks(keys, HOST), HOST);
    expect(result).toEqual({ ok: true, feed });
  });

  it('refuses a feed whose payload was changed on the way (another version, another bundle digest)', async () => {
    const signed = await signFeed(feed, keys.current, HOST);
    const changed = { ...feed, courses: [{ ...feed.courses[0]!, version: 'c'.repeat(64) }] };
    const tampered: SignedFeed = { ...signed, payload: base64url(changed) };
    expect(await verifyFeed(tampered, publicJwks(keys, HOST), HOST)).toEqual({ ok: false, error: 'feed.signature' });
  });

  it("refuses a feed signed with a key the host does not publish, even under the host's key URL", async () => {
    const signed = await signFeed(feed, other.current, HOST);
    expect(await verifyFeed(signed, publicJwks(keys, HOST), HOST)).toEqual({ ok: false, error: 'feed.signature' });
  });

  it("refuses another host's feed served by this one, and a feed pointing at bundles elsewhere", async () => {
    const theirs = await signFeed({ ...feed, host: 'https://evil.example' }, other.current, 'https://evil.example');
    expect(await verifyFeed(theirs, publicJwks(other, 'https://evil.example'), HOST)).toEqual({
      ok: false,
      error: 'feed.wrong_host',
    });
    const elsewhere = {
      ...feed,
      courses: [{ ...feed.courses[0]!, bundle: { ...feed.courses[0]!.bundle, url: 'https://evil.example/x.gz' } }],
    };
    const signed = await signFeed(elsewhere, keys.current, HOST);
    expect(await verifyFeed(signed, publicJwks(keys, HOST), HOST)).toEqual({ ok: false, error: 'feed.wrong_host' });
  });

  it('refuses what is not a feed: a bare JSON list, a credential-typed JWS, a payload of the wrong shape', async () => {
    const jwks = publicJwks(keys, HOST);
    expect(await verifyFeed(feed, jwks, HOST)).toEqual({ ok: false, error: 'feed.malformed' });
    const signed = await signFeed(feed, keys.current, HOST);
    const header = JSON.parse(Buffer.from(signed.protected, 'base64url').toString('utf8')) as Record<string, unknown>;
    const asJwt = { ...signed, protected: base64url({ ...header, typ: 'JWT' }) };
    expect(await verifyFeed(asJwt, jwks, HOST)).toEqual({ ok: false, error: 'feed.malformed' });
    const wrongShape = await signFeed({ ...feed, formatVersion: 2 } as unknown as CourseFeed, keys.current, HOST);
    expect(await verifyFeed(wrongShape, jwks, HOST)).toEqual({ ok: false, error: 'feed.malformed' });
  });
});

describe('sharesCourse', () => {
  const site = { courses: { hidden: ['pilot'], archived: ['old'] } };
  it('shares a course unless the site configuration hides or archives it', () => {
    expect(sharesCourse({}, 'urbanism', site)).toBe(true);
    expect(sharesCourse({}, 'pilot', site)).toBe(false);
    expect(sharesCourse({}, 'old', site)).toBe(false);
  });
  it("follows the course's own `shared` setting either way", () => {
    expect(sharesCourse({ shared: false }, 'example-course', site)).toBe(false);
    expect(sharesCourse({ shared: true }, 'pilot', site)).toBe(true);
  });
});
