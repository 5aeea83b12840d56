/**
 * Registration does not say whether an e-mail already has an account (docs/decisions/012).
 * Against the real server and a real SMTP server on loopback: registering an address that
 * has an account and one that has none give the same status, the same `Location`, the same
 * cookies and the same page; only the e-mail differs, and it goes to the address's owner
 * ("you already have an account", with a working reset link; or a welcome). The existing
 * account is untouched, the new one signs in with its password and lands on `?next=`.
 * Before the fix, the taken address answered 400 "an account with this e-mail exists".
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';
import { clientAddress, sessionCookieOf, type HttpResponse } from './lib/http.ts';
import { createWorld, type World } from './lib/world.ts';

let w: World;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  w = await createWorld('registration-reveal', {
    sessions: 1,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Oqu Test <no-reply@oqu.test>' },
  });
});
afterAll(async () => {
  await w?.close();
  await smtp?.close();
});

const next = '/en/courses/urbanism/';
const register = (email: string, from: string) =>
  w.http.post(
    `/en/register?next=${encodeURIComponent(next)}`,
    { name: 'Curious Stranger', email, password: 'amber-steppe-lantern-4', locale: 'en', consent: 'yes' },
    { from },
  );
/** What a visitor can observe of an answer, with the e-mail address itself taken out. */
const observable = (res: HttpResponse, email: string) => ({
  status: res.status,
  location: res.location,
  cookies: res.setCookies.map((c) => c.split('=')[0]),
  body: res.text.replaceAll(email, '<email>'),
});

describe('registration does not reveal accounts', () => {
  test('a taken address and a new one get the same answer; the owner is told by e-mail', async () => {
    const taken = await register('learner@oqu.test', clientAddress(6000));
    const fresh = await register('newcomer@oqu.test', clientAddress(6001));
    console.log(`[registration] taken → ${taken.status} ${taken.location}; new → ${fresh.status} ${fresh.location}`);
    expect(observable(taken, 'learner@oqu.test')).toEqual(observable(fresh, 'newcomer@oqu.test'));
    expect(taken.status).toBe(303);
    expect(taken.location).toBe(`/en/login?registered=1&next=${encodeURIComponent(next)}`);
    expect(sessionCookieOf(taken)).toBeUndefined();

    const mails = [await smtp.nextMessage(), await smtp.nextMessage()];
    const toOwner = mails.find((m) => m.to.includes('learner@oqu.test'))!;
    const welcome = mails.find((m) => m.to.includes('newcomer@oqu.test'))!;
    expect(toOwner.subject).toMatch(/already have an account/);
    expect(toOwner.text).toContain('Learner One');
    expect(toOwner.text).not.toContain('Curious Stranger');
    expect(welcome.subject).toMatch(/your account is ready/);
    expect(welcome.text).toContain(`/en/login?next=${encodeURIComponent(next)}`);

    // The reset link in the owner's e-mail works; the owner's password still does too.
    const link = /https?:\/\/[^\s]+\/en\/reset-password\?token=([a-z2-7]+)/.exec(toOwner.text);
    expect(link).not.toBeNull();
    const resetPage = await w.http.get(`/en/reset-password?token=${link![1]}`);
    expect(resetPage.status).toBe(200);
    expect(resetPage.text).toContain('name="password"');
    const owner = await w.http.post(
      '/en/login',
      { email: 'learner@oqu.test', password: w.password },
      { from: clientAddress(6002) },
    );
    expect(owner.status).toBe(303);
    const stranger = await w.http.post(
      '/en/login',
      { email: 'learner@oqu.test', password: 'amber-steppe-lantern-4' },
      { from: clientAddress(6003) },
    );
    expect(stranger.status).toBe(400);
  });

  test('the new account signs in with its password on the page it was sent to, and lands on ?next=', async () => {
    const page = await w.http.get(`/en/login?registered=1&next=${encodeURIComponent(next)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('We have sent a message to the address you gave');
    expect(page.text).toContain(`value="${next}"`);
    const res = await w.http.post(
      '/en/login',
      { email: 'newcomer@oqu.test', password: 'amber-steppe-lantern-4', next },
      { from: clientAddress(6004) },
    );
    expect(res.status).toBe(303);
    expect(res.location).toBe(next);
    expect(sessionCookieOf(res)).toBeDefined();
  });
});
