/**
 * Accounts against a real migrated database: registration, sign-in and out, password
 * change, profile, roles and deactivation. Session lifetimes: sessions.test.ts; rate
 * limits: rate-limits.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../../db/schema.ts';
import { registerAccount, signIn, signOut, signOutEverywhere } from '../../src/lib/auth/account.server.ts';
import { loadSessionPolicy } from '../../src/lib/auth/session-policy.ts';
import { generateSessionToken, validateSessionToken } from '../../src/lib/auth/session.server.ts';
import { hashToken } from '../../src/lib/auth/token.ts';
import { changeDisplayName, changePassword, deactivateUser, setUserActive, setUserRole, updateProfile } from '../../src/lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { registrationForm as form } from './fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const HOUR = 3_600_000;
const policy = loadSessionPolicy({});
const t0 = new Date('2026-03-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('registration', () => {
  it('creates a learner with a normalised e-mail and name and signs them in', async () => {
    const f = form();
    const result = await registerAccount(t.db, f, { ip: '198.51.100.1', now: t0 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(f.email).toMatch(/^ +Learner.*@Example\.KZ $/);
    expect(result.user).toMatchObject({ email: f.email.trim().toLowerCase(), displayName: 'Әлия Нұрланқызы', role: 'learner', locale: 'kk', region: 'Almaty', organisation: null, active: true });
    expect(result.token).toMatch(/^[a-z2-7]{32}$/);
    // Only the hash is stored.
    const stored = await t.db.select().from(sessions).where(eq(sessions.userId, result.user.id));
    expect(stored.map((s) => s.id)).toEqual([hashToken(result.token)]);
    const row = await t.db.select().from(users).where(eq(users.id, result.user.id)).get();
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain('tulpar');
  });

  it('refuses a taken e-mail however it is typed', async () => {
    const first = form();
    expect((await registerAccount(t.db, first, { now: t0 })).ok).toBe(true);
    const again = await registerAccount(t.db, { ...first, email: first.email.toUpperCase().trim() }, { now: t0 });
    expect(again).toMatchObject({ ok: false, error: 'auth.error.email_taken', fields: { email: 'auth.error.email_taken' } });
  });

  it('returns a code per bad field', async () => {
    const bad = await registerAccount(t.db, { name: ' ', email: 'not-an-email', password: 'x', locale: 'de' }, { now: t0 });
    expect(bad).toMatchObject({
      ok: false,
      fields: { name: 'auth.error.name_required', email: 'auth.error.email_invalid', locale: 'auth.error.locale_invalid' },
    });
    expect(await registerAccount(t.db, form({ password: 'short' }), { now: t0 })).toMatchObject({ ok: false, error: 'auth.error.password_too_short' });
    expect(await registerAccount(t.db, form({ password: 'password123' }), { now: t0 })).toMatchObject({ ok: false, error: 'auth.error.password_common' });
  });

  it('lets only one of two simultaneous registrations with one e-mail through', async () => {
    const same = form();
    const results = await Promise.all([registerAccount(t.db, same, { now: t0 }), registerAccount(t.db, same, { now: t0 })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'auth.error.email_taken')).toHaveLength(1);
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with the right password and refuses the wrong one or an unknown address alike', async () => {
    const f = form();
    await registerAccount(t.db, f, { now: t0 });
    const ok = await signIn(t.db, { email: f.email, password: f.password }, { ip: '198.51.100.2', now: t0 });
    expect(ok.ok).toBe(true);
    const wrong = await signIn(t.db, { email: f.email, password: 'not the password' }, { now: t0 });
    const unknown = await signIn(t.db, { email: 'nobody@example.kz', password: f.password }, { now: t0 });
    expect(wrong).toEqual({ ok: false, error: 'auth.error.invalid_credentials' });
    expect(unknown).toEqual(wrong);
    expect(await signIn(t.db, { email: 42, password: null }, { now: t0 })).toEqual(wrong);
  });

  it('validates the session token, and signing out ends that session only', async () => {
    const f = form();
    await registerAccount(t.db, f, { now: t0 });
    const a = await signIn(t.db, { email: f.email, password: f.password }, { now: t0 });
    const b = await signIn(t.db, { email: f.email, password: f.password }, { now: t0 });
    if (!a.ok || !b.ok) throw new Error('sign-in failed');
    const valid = await validateSessionToken(t.db, a.token, { now: at(HOUR), policy });
    expect(valid?.user).toMatchObject({ email: f.email.trim().toLowerCase(), role: 'learner' });
    expect(valid?.user).not.toHaveProperty('passwordHash');
    await signOut(t.db, a.session.id);
    expect(await validateSessionToken(t.db, a.token, { now: at(HOUR), policy })).toBeNull();
    expect(await validateSessionToken(t.db, b.token, { now: at(HOUR), policy })).not.toBeNull();
  });

  it('signs out everywhere', async () => {
    const f = form();
    const reg = await registerAccount(t.db, f, { now: t0 });
    const other = await signIn(t.db, { email: f.email, password: f.password }, { now: t0 });
    if (!reg.ok || !other.ok) throw new Error('setup failed');
    await signOutEverywhere(t.db, reg.user.id);
    expect(await validateSessionToken(t.db, reg.token, { now: t0, policy })).toBeNull();
    expect(await validateSessionToken(t.db, other.token, { now: t0, policy })).toBeNull();
  });

  it('ignores malformed and unknown tokens', async () => {
    for (const junk of [undefined, '', 'abc', 'A'.repeat(32), "x' OR 1=1 --", generateSessionToken()]) {
      expect(await validateSessionToken(t.db, junk, { now: t0, policy })).toBeNull();
    }
  });
});

describe('account changes', () => {
  it('changes the password after checking the current one and ends the other sessions', async () => {
    const f = form();
    const reg = await registerAccount(t.db, f, { now: t0 });
    const other = await signIn(t.db, { email: f.email, password: f.password }, { now: t0 });
    if (!reg.ok || !other.ok) throw new Error('setup failed');
    expect(await changePassword(t.db, { userId: reg.user.id, currentPassword: 'wrong', newPassword: 'a brand new phrase', now: t0 })).toMatchObject({ ok: false, error: 'auth.error.wrong_current_password' });
    expect(await changePassword(t.db, { userId: reg.user.id, currentPassword: f.password, newPassword: '123456789', now: t0 })).toMatchObject({ ok: false, error: 'auth.error.password_common' });
    const changed = await changePassword(t.db, { userId: reg.user.id, currentPassword: f.password, newPassword: 'a brand new phrase', currentSessionId: reg.session.id, now: t0 });
    expect(changed).toEqual({ ok: true });
    expect(await validateSessionToken(t.db, reg.token, { now: t0, policy })).not.toBeNull();
    expect(await validateSessionToken(t.db, other.token, { now: t0, policy })).toBeNull();
    expect((await signIn(t.db, { email: f.email, password: f.password }, { now: t0 })).ok).toBe(false);
    expect((await signIn(t.db, { email: f.email, password: 'a brand new phrase' }, { now: t0 })).ok).toBe(true);
  });

  it('changes the display name (NFC, spaces collapsed) and other profile fields', async () => {
    const reg = await registerAccount(t.db, form(), { now: t0 });
    if (!reg.ok) throw new Error('setup failed');
    // "и" + combining breve is stored as the single letter "й".
    const renamed = await changeDisplayName(t.db, reg.user.id, ' Ели\u0306   Сейтқали ');
    expect(renamed).toMatchObject({ ok: true, user: { displayName: 'Елй Сейтқали', region: 'Almaty' } });
    if (renamed.ok) expect([...renamed.user.displayName]).toHaveLength(12);
    expect(await changeDisplayName(t.db, reg.user.id, '   ')).toMatchObject({ ok: false, error: 'auth.error.name_required' });
    expect(await changeDisplayName(t.db, reg.user.id, '12345')).toMatchObject({ ok: false, error: 'auth.error.name_invalid' });
    expect(await updateProfile(t.db, reg.user.id, { locale: 'ru', region: '' })).toMatchObject({ ok: true, user: { locale: 'ru', region: null, displayName: 'Елй Сейтқали' } });
  });

  it('sets roles (ending sessions) and refuses unknown ones', async () => {
    const reg = await registerAccount(t.db, form(), { now: t0 });
    if (!reg.ok) throw new Error('setup failed');
    expect(await setUserRole(t.db, reg.user.id, 'superuser')).toEqual({ ok: false, error: 'auth.error.role_invalid' });
    expect(await setUserRole(t.db, 'no-such-id', 'admin')).toEqual({ ok: false, error: 'auth.error.user_not_found' });
    expect(await setUserRole(t.db, reg.user.id, 'admin')).toMatchObject({ ok: true, user: { role: 'admin' } });
    expect(await validateSessionToken(t.db, reg.token, { now: t0, policy })).toBeNull();
  });

  it('deactivates an account: sessions end, sign-in is refused, reactivation restores it', async () => {
    const f = form();
    const reg = await registerAccount(t.db, f, { now: t0 });
    if (!reg.ok) throw new Error('setup failed');
    await deactivateUser(t.db, reg.user.id);
    expect(await validateSessionToken(t.db, reg.token, { now: t0, policy })).toBeNull();
    expect(await signIn(t.db, { email: f.email, password: f.password }, { now: t0 })).toEqual({ ok: false, error: 'auth.error.account_inactive' });
    // The wrong password still gets the generic answer: inactivity is only told to the owner.
    expect(await signIn(t.db, { email: f.email, password: 'not it at all' }, { now: t0 })).toEqual({ ok: false, error: 'auth.error.invalid_credentials' });
    await setUserActive(t.db, reg.user.id, true);
    expect((await signIn(t.db, { email: f.email, password: f.password }, { now: t0 })).ok).toBe(true);
  });

  it('deleting a user removes their sessions (foreign keys are on)', async () => {
    const reg = await registerAccount(t.db, form(), { now: t0 });
    if (!reg.ok) throw new Error('setup failed');
    await t.db.delete(users).where(eq(users.id, reg.user.id));
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, reg.user.id))).toEqual([]);
  });
});

