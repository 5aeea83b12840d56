/**
 * The account page's forms (runAccountAction) on a real database: each intent, its failures
 * as message keys, and an unknown intent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '#lib/auth/account.server.ts';
import { runAccountAction } from '#lib/auth/account-actions.server.ts';
import { validateSessionToken } from '#lib/auth/session.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { registerAndSignIn, registrationForm } from './fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const post = (fields: Record<string, string>): FormData => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
};

async function signedIn() {
  const f = registrationForm();
  const reg = await registerAndSignIn(t.db, f);
  const other = await signIn(t.db, { email: f.email, password: f.password });
  if (!other.ok) throw new Error('setup failed');
  return { f, reg, other, account: { userId: reg.user.id, sessionId: reg.session.id } };
}

describe('the account page forms', () => {
  it('saves the profile and returns it', async () => {
    const { account } = await signedIn();
    const outcome = await runAccountAction(
      t.db,
      account,
      post({ intent: 'profile', name: 'Ұлан Серікұлы', locale: 'ru' }),
    );
    expect(outcome).toMatchObject({
      ok: true,
      message: 'account.profile_saved',
      user: { displayName: 'Ұлан Серікұлы', locale: 'ru' },
    });
  });

  it('answers a bad profile with per-field codes', async () => {
    const { account } = await signedIn();
    const outcome = await runAccountAction(t.db, account, post({ intent: 'profile', name: '', locale: 'en' }));
    expect(outcome).toMatchObject({
      ok: false,
      error: 'auth.error.name_required',
      fields: { name: 'auth.error.name_required' },
    });
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const { f, reg, other, account } = await signedIn();
    const wrong = await runAccountAction(
      t.db,
      account,
      post({ intent: 'password', currentPassword: 'wrong', newPassword: 'a brand new phrase' }),
    );
    expect(wrong).toMatchObject({
      ok: false,
      error: 'auth.error.wrong_current_password',
      fields: { currentPassword: 'auth.error.wrong_current_password' },
    });
    const changed = await runAccountAction(
      t.db,
      account,
      post({ intent: 'password', currentPassword: f.password, newPassword: 'a brand new phrase' }),
    );
    expect(changed).toEqual({ ok: true, message: 'account.password_changed' });
    expect(await validateSessionToken(t.db, reg.token)).not.toBeNull();
    expect(await validateSessionToken(t.db, other.token)).toBeNull();
  });

  it('signs out everywhere, this session included', async () => {
    const { reg, other, account } = await signedIn();
    expect(await runAccountAction(t.db, account, post({ intent: 'everywhere' }))).toEqual({
      ok: true,
      signedOut: true,
    });
    expect(await validateSessionToken(t.db, reg.token)).toBeNull();
    expect(await validateSessionToken(t.db, other.token)).toBeNull();
  });

  it('refuses an unknown intent', async () => {
    const { account } = await signedIn();
    expect(await runAccountAction(t.db, account, post({ intent: 'delete' }))).toEqual({
      ok: false,
      error: 'form.unreadable',
    });
  });
});
