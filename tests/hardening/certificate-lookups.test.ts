/**
 * Certificates against the real server, as a stranger, an employer and the holder meet them:
 * - a stranger's unknown codes from one address (the whole office behind one proxy) never make
 *   a genuine certificate unverifiable: only misses are limited, and a refused miss says nothing;
 * - after a name correction the old code shows only that it was replaced and where the new one
 *   is (verify page, PDF, credential): the old name is gone from public view;
 * - the holder chooses whether the served credential carries the salted e-mail hash;
 * - a name in a script the certificate font cannot print is refused with a clear message.
 */
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorld, type World } from './lib/world.ts';

let w: World;
const STRANGER = '127.0.42.7';
const ORIGINAL_NAME = 'Learner One';
const CORRECTED_NAME = 'Learner Corrected-Name';

beforeAll(async () => {
  w = await createWorld('certificate-lookups');
});
afterAll(async () => {
  await w?.close();
});

/** The codes on the learner's "My learning", newest first. */
async function learnerCodes(): Promise<string[]> {
  const page = await w.http.get('/en/account', { cookie: w.cookie('learner') });
  return [...new Set([...page.text.matchAll(/\/verify\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/g)].map((m) => m[1]!))];
}

async function servedCredential(code: string): Promise<Record<string, unknown>> {
  const res = await w.http.get(`/certificates/${code}.json`);
  expect(res.status).toBe(200);
  const jwks = JSON.parse((await w.http.get('/.well-known/jwks.json')).text) as JSONWebKeySet;
  // A verifier outside Oqu: the signature holds over what is served.
  await jwtVerify(res.text, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
  return decodeJwt(res.text);
}

describe('looking up codes', () => {
  test('after 31 unknown codes from one address, a genuine code from it still shows the certificate', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await w.http.get(`/verify/ZZZZ-ZZZZ-${2000 + i}`, { from: STRANGER });
      answers.push(res.status);
    }
    expect(
      answers.slice(0, 30).every((s) => s === 404),
      answers.join(','),
    ).toBe(true);
    expect(answers[30]).toBe(429);
    const refused = await w.http.get('/verify/ZZZZ-ZZZZ-ZZZY', { from: STRANGER });
    expect(refused.status).toBe(429);
    expect(refused.text).not.toContain('No certificate of this site has this code');

    const genuine = await w.http.get(`/verify/${w.certificateCode}`, { from: STRANGER });
    expect(genuine.status).toBe(200);
    expect(genuine.text).toContain(ORIGINAL_NAME);
    expect(genuine.text).toContain(w.certificateCode);
    // Still refused for misses: the genuine look-up forgave nothing.
    expect((await w.http.get('/verify/ZZZZ-ZZZZ-ZZZX', { from: STRANGER })).status).toBe(429);
  });
});

describe("the holder's identifier in the credential", () => {
  test('is the salted e-mail hash by default; only the random id and name once the holder chooses so', async () => {
    const emailKind = (payload: Record<string, unknown>) =>
      (
        payload.vc as { credentialSubject: { identifier: { identityType: string; salt?: string }[] } }
      ).credentialSubject.identifier.map((i) => i.identityType);
    const before = await servedCredential(w.certificateCode);
    expect(emailKind(before)).toEqual(['emailAddress', 'name']);

    const chose = await w.http.post(
      '/en/account',
      { intent: 'identity', credentialSubject: 'opaque' },
      { cookie: w.cookie('learner') },
    );
    expect(chose.status).toBe(200);
    expect(chose.text).toContain('Your choice has been saved');
    const opaque = await servedCredential(w.certificateCode);
    expect(emailKind(opaque)).toEqual(['name']);
    expect(JSON.stringify(opaque)).not.toMatch(/salt|sha256\$/);
    expect(opaque.sub).toBe(before.sub);
    expect(opaque.jti).toBe(before.jti);

    expect(
      (
        await w.http.post(
          '/en/account',
          { intent: 'identity', credentialSubject: 'nonsense' },
          { cookie: w.cookie('learner') },
        )
      ).status,
    ).toBe(400);
    await w.http.post(
      '/en/account',
      { intent: 'identity', credentialSubject: 'email' },
      { cookie: w.cookie('learner') },
    );
    expect(emailKind(await servedCredential(w.certificateCode))).toEqual(['emailAddress', 'name']);
  });
});

describe('after a name correction', () => {
  test('the old code shows only that it was replaced and where the new one is', async () => {
    const old = w.certificateCode;
    const renamed = await w.http.post(
      '/en/account',
      { intent: 'profile', name: CORRECTED_NAME, locale: 'en' },
      { cookie: w.cookie('learner') },
    );
    expect(renamed.status).toBe(200);
    const reissued = await w.http.post('/en/admin/', { intent: 'reissue', code: old }, { cookie: w.cookie('admin') });
    expect(reissued.status).toBeLessThan(400);
    const fresh = (await learnerCodes()).find((c) => c !== old);
    expect(fresh, 'a new code on My learning').toBeDefined();

    const page = await w.http.get(`/verify/${old}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/verify/${fresh}`);
    expect(page.text).not.toContain(ORIGINAL_NAME);
    const pdf = await w.http.get(`/certificates/${old}.pdf`);
    expect(pdf.status).toBe(410);
    expect(pdf.text).toContain(`/verify/${fresh}`);
    const json = await w.http.get(`/certificates/${old}.json`);
    expect(json.status).toBe(410);
    expect(json.text).toContain(`/verify/${fresh}`);
    expect(json.text).not.toMatch(/^eyJ/);

    const current = await w.http.get(`/verify/${fresh}`);
    expect(current.text).toContain(CORRECTED_NAME);
    expect(current.text).not.toContain(ORIGINAL_NAME);
  });
});

describe('names the certificate cannot print', () => {
  const names = {
    arabic: 'ءالياسقار نۇرلانۇلى', // Kazakh in the Arabic script, as written in China
    chinese: '王小明',
  };
  test.each(Object.entries(names))(
    'a %s name is refused at registration and on the profile, with what is supported',
    async (_, name) => {
      const reg = await w.http.post('/en/register', {
        name,
        email: `script-${name.length}-${Date.now()}@oqu.test`,
        password: 'amber-steppe-lantern-4',
        locale: 'en',
        consent: 'yes',
      });
      expect(reg.status).toBe(400);
      expect(reg.text).toContain('Latin, Cyrillic or Greek letters');
      const ru = await w.http.post(
        '/ru/account',
        { intent: 'profile', name, locale: 'ru' },
        { cookie: w.cookie('otherLearner') },
      );
      expect(ru.status).toBe(400);
      expect(ru.text).toContain('латиницей, кириллицей или греческими буквами');
      const kk = await w.http.post(
        '/kk/account',
        { intent: 'profile', name, locale: 'kk' },
        { cookie: w.cookie('otherLearner') },
      );
      expect(kk.text).toContain('латын, кирилл немесе грек әріптерімен');
    },
  );
});
