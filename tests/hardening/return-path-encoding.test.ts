/**
 * A return path with characters outside Latin-1 (`?next=/%D0%BA`, Cyrillic "к") does not
 * break the answer: before the fix, the right password answered 500 after the session had
 * been created, because the decoded path went raw into `Location`. Return paths are
 * percent-encoded on the way out.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clientAddress, sessionCookieOf } from './lib/http.ts';
import { createWorld, type World } from './lib/world.ts';

let w: World;
beforeAll(async () => {
  w = await createWorld('return-path', { sessions: 1 });
});
afterAll(async () => {
  await w?.close();
});

describe('return paths are percent-encoded', () => {
  test('signing in with ?next=/%D0%BA answers 303 to /%D0%BA', async () => {
    const res = await w.http.post(
      '/en/login?next=/%D0%BA',
      { email: 'learner@oqu.test', password: w.password },
      { from: clientAddress(500) },
    );
    expect(res.status).toBe(303);
    expect(res.location).toBe('/%D0%BA');
    expect(sessionCookieOf(res)).toBeDefined();
  });

  test('a raw non-Latin-1 return path in the form, and a signed-in visit to the registration page, alike', async () => {
    const form = await w.http.post(
      '/en/login',
      { email: 'other@oqu.test', password: w.password, next: '/kk/іздеу?q=Әлия' },
      { from: clientAddress(501) },
    );
    expect(form.status).toBe(303);
    expect(form.location).toBe('/kk/%D1%96%D0%B7%D0%B4%D0%B5%D1%83?q=%D3%98%D0%BB%D0%B8%D1%8F');
    const register = await w.http.get('/en/register?next=/%D0%BA%F0%9F%98%80', { cookie: w.cookie('learner') });
    expect(register.status).toBe(303);
    expect(register.location).toBe('/%D0%BA%F0%9F%98%80');
    const page = await w.http.get('/en/login?next=/%D0%BA');
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="/%D0%BA"');
  });
});
