/**
 * Certificates through the real server: issued on completion (once, even under 50 concurrent
 * completions), listed on "My learning", a PDF whose text gives the Kazakh name back, the
 * public verify page, the signed credential checked independently with jose against the
 * served JWKS, and revocation seen everywhere.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { readQuizFiles } from '../helpers/course-files.ts';
import { rightAnswers } from '../helpers/quiz-answers.ts';
import { baseURL, get, postForm, signInCookie } from './http.ts';

const accounts = inject('accounts');
const quiz = readQuizFiles(join(inject('projectRoot'), 'courses'), 'example-course')['writing-basics']!;
const LESSONS = ['learning-outcomes', 'structuring-a-course', 'writing-a-lesson', 'quiz-questions-that-teach'];
const NAME = 'Әлия Қасымқызы Нұрланова';
const TITLE_KK = 'Oqu платформасына курс жазу: оқу нәтижелерінен тестке дейін';

const TITLE_EN = 'Writing a course for Oqu: from learning outcomes to quiz';

async function newTrainee(tag: string, locale = 'kk'): Promise<{ cookie: string; email: string }> {
  const email = `${tag}-${Date.now()}@oqu.test`;
  await postForm('/kk/register', {
    name: NAME,
    email,
    password: 'amber-steppe-lantern-4',
    locale,
    consent: 'yes',
  });
  // Registration signs no one in (docs/decisions/012): sign in with the chosen password.
  return { cookie: await signInCookie(email, 'amber-steppe-lantern-4'), email };
}

async function certificateCodes(cookie: string): Promise<string[]> {
  const html = await (await get('/kk/account', cookie)).text();
  return [...new Set([...html.matchAll(/\/verify\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/g)].map((m) => m[1]!))];
}

let cookie: string;
let email: string;
let code: string;
beforeAll(async () => {
  ({ cookie, email } = await newTrainee('certified'));
  for (const lesson of LESSONS) await postForm(`/kk/courses/example-course/${lesson}/done`, {}, cookie);
  expect(await certificateCodes(cookie)).toEqual([]);
  await postForm('/kk/courses/example-course/quiz-questions-that-teach/quiz', rightAnswers(quiz), cookie);
  [code] = (await certificateCodes(cookie)) as [string];
});

describe('issuing', () => {
  test('completing the course issues one certificate, listed on My learning', async () => {
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await certificateCodes(cookie)).toEqual([code]);
  });

  test('50 concurrent completion requests issue exactly one certificate', async () => {
    const trainee = await newTrainee('concurrent');
    for (const lesson of LESSONS.slice(0, 3))
      await postForm(`/kk/courses/example-course/${lesson}/done`, {}, trainee.cookie);
    await postForm('/kk/courses/example-course/quiz-questions-that-teach/quiz', rightAnswers(quiz), trainee.cookie);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => postForm(`/kk/courses/example-course/${LESSONS[3]}/done`, {}, trainee.cookie)),
    );
    expect(responses.every((r) => r.status === 303)).toBe(true);
    expect((await certificateCodes(trainee.cookie)).length).toBe(1);
  });
});

describe('the PDF', () => {
  test('is real text: pdftotext gives back the exact Kazakh name and course title', async () => {
    const res = await get(`/certificates/${code}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = join(mkdtempSync(join(tmpdir(), 'oqu-cert-')), 'c.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(NAME);
    expect(text).toContain(TITLE_KK.split(':')[0]);
    expect(text).toContain(code);
  });
});

describe('bilingual certificates (decision 048)', () => {
  test("an English holder's PDF is in Kazakh and English; the verify page speaks its visitor's", async () => {
    const trainee = await newTrainee('bilingual', 'en');
    for (const lesson of LESSONS) await postForm(`/kk/courses/example-course/${lesson}/done`, {}, trainee.cookie);
    await postForm('/kk/courses/example-course/quiz-questions-that-teach/quiz', rightAnswers(quiz), trainee.cookie);
    const [bilingual] = (await certificateCodes(trainee.cookie)) as [string];
    const file = join(mkdtempSync(join(tmpdir(), 'oqu-cert-')), 'c.pdf');
    writeFileSync(file, Buffer.from(await (await get(`/certificates/${bilingual}.pdf`)).arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const phrase of [NAME, TITLE_KK, TITLE_EN, 'Берілген күні / Date of issue', bilingual])
      expect(text).toContain(phrase);
    const page = async (lang: string) => (await get(`/verify/${bilingual}?lang=${lang}`)).text();
    const [kk, en] = [await page('kk'), await page('en')];
    expect([kk.includes(TITLE_KK), kk.includes(TITLE_EN)]).toEqual([true, false]);
    expect([en.includes(TITLE_EN), en.includes(TITLE_KK)]).toEqual([true, false]);
    // Not issued in Russian: the holder's language.
    expect(await page('ru')).toContain(TITLE_EN);
  });
});

describe('public verification', () => {
  test('the verify page shows valid, holder, course and issuer in the visitor language, not the e-mail', async () => {
    const res = await get(`/verify/${code}?lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Valid certificate');
    expect(html).toContain(NAME);
    expect(html).toContain(TITLE_KK);
    expect(html).not.toContain(email);
    const ru = await (
      await fetch(new URL(`/verify/${code.toLowerCase().replace(/-/g, '')}`, baseURL), {
        headers: { 'Accept-Language': 'ru' },
      })
    ).text();
    expect(ru).toContain('Сертификат действителен');
  });

  test('the form has an address in each language; the former /verify goes there and keeps the code', async () => {
    const kk = await get('/kk/verify');
    expect(kk.status).toBe(200);
    expect(await kk.text()).toMatch(/<html lang="kk"[^>]*>[\s\S]*<h1>Сертификатты тексеру<\/h1>/);
    const typed = await get('/kk/verify?code=abcd-efgh-jkmn');
    expect([typed.status, typed.headers.get('location')]).toEqual([303, '/verify/ABCD-EFGH-JKMN?lang=kk']);
    const old = await fetch(new URL('/verify?code=abcd', baseURL), {
      headers: { 'Accept-Language': 'ru' },
      redirect: 'manual',
    });
    expect([old.status, old.headers.get('location')]).toEqual([301, '/ru/verify?code=abcd']);
    expect((await get('/verify?lang=kk')).headers.get('location')).toBe('/kk/verify');
    const posted = await postForm('/verify?lang=en', { credential: 'x' });
    expect([posted.status, posted.headers.get('location')]).toEqual([308, '/en/verify']);
  });

  test('an unknown code says so, with 404', async () => {
    const res = await get('/verify/0000-0000-0000?lang=en');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No certificate of this site has this code.');
  });

  test('the credential verifies with jose against the served JWKS, and fails when any byte changes', async () => {
    const jwt = await (await get(`/certificates/${code}.json`)).text();
    const jwks = createLocalJWKSet(await (await get('/.well-known/jwks.json')).json());
    const header = decodeProtectedHeader(jwt);
    expect(header.alg).toBe('RS256');
    const { payload } = await jwtVerify(jwt, jwks);
    const vc = payload.vc as {
      id: string;
      type: string[];
      credentialSubject: { id: string; achievement: { name: string } };
    };
    expect(vc.type).toContain('OpenBadgeCredential');
    expect(payload.jti).toBe(vc.id);
    expect(payload.sub).toBe(vc.credentialSubject.id);
    expect(vc.credentialSubject.achievement.name).toBe(TITLE_KK);
    expect(JSON.stringify(payload)).not.toContain(email);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const flip = (part: string, at: number) => part.slice(0, at) + (part[at] === 'A' ? 'B' : 'A') + part.slice(at + 1);
    for (const broken of [
      `${h}.${flip(p, 10)}.${s}`,
      `${h}.${flip(p, p.length - 5)}.${s}`,
      `${h}.${p}.${flip(s, 3)}`,
      `${h}.${p}.${flip(s, s.length - 10)}`,
    ]) {
      await expect(jwtVerify(broken, jwks)).rejects.toThrow();
    }
    const kidPath = new URL(header.kid!).pathname;
    expect(await (await get(kidPath)).json()).toMatchObject({ kty: 'RSA', e: 'AQAB' });
  });

  test('a pasted credential is checked on the verify page', async () => {
    const jwt = await (await get(`/certificates/${code}.json`)).text();
    const res = await postForm('/en/verify', { credential: jwt });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/Valid: issued by/);
    const bad = await postForm('/en/verify', { credential: jwt.slice(0, -4) + 'AAAA' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/could not be verified: the signature does not match/);
  });

  test("a pasted link goes to the code's page here, and is not fetched from an untrusted host", async () => {
    const jwt = await (await get(`/certificates/${code}.json`)).text();
    const here = new URL(decodeProtectedHeader(jwt).kid!).origin;
    const link = await postForm('/en/verify', { credential: `${here}/verify/${code.toLowerCase()}` });
    expect([link.status, link.headers.get('location')]).toEqual([303, `/verify/${code}?lang=en`]);
    const elsewhere = await postForm('/en/verify', { credential: `https://elsewhere.example.kz/verify/${code}` });
    expect(elsewhere.status).toBe(422);
    expect(await elsewhere.text()).toMatch(/elsewhere\.example\.kz is not on this site(?:'|&#39;)s list of trusted/);
  });
});

describe('revocation', () => {
  test('an admin revokes with a reason: the page, the status list and the PDF all say so', async () => {
    const admin = await signInCookie(accounts.admin.email, accounts.admin.password);
    const res = await postForm('/en/admin/', { intent: 'revoke', code, reason: 'Issued by mistake' }, admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Certificate ${code} is revoked.`);
    const page = await (await get(`/verify/${code}?lang=en`)).text();
    expect(page).toMatch(/This certificate was revoked on/);
    expect(page).toContain('Reason: Issued by mistake');
    const status = await (await get(`/certificates/${code}/status`)).json();
    expect(status.revokedCredential).toEqual([expect.objectContaining({ revocationReason: 'Issued by mistake' })]);
    expect((await get(`/certificates/${code}.pdf`)).status).toBe(410);
    const jwt = await (await get(`/certificates/${code}.json`)).text();
    const pasted = await (await postForm('/en/verify', { credential: jwt })).text();
    expect(pasted).toMatch(/Revoked by its issuer/);
    // The reason and the date, as the code's page gives them, and no ISO dates.
    expect(pasted).toMatch(/This certificate was revoked on [A-Z][a-z]+ \d{1,2}, \d{4}\./);
    expect(pasted).toContain('Reason: Issued by mistake');
    expect(pasted.replace(/<script[\s\S]*?<\/script>|<[^>]+>/g, '')).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    const russian = await (await get(`/verify/${code}?lang=ru`)).text();
    expect(russian).not.toContain('г..');
  });

  test('a learner cannot revoke', async () => {
    const res = await postForm('/en/admin/', { intent: 'revoke', code, reason: 'x' }, cookie);
    expect(res.status).toBe(403);
  });
});
