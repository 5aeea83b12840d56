/**
 * Accounts against a real migrated database: registration (which answers alike for a taken
 * address and a new one, and creates no session), sign-in and out, password
 * change, profile, roles and deactivation. Session lifetimes: sessions.test.ts; rate
 * limits: rate-limits.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions, users } from '#db/schema.ts';
import { registerAccount, signIn, signOut, signOutEverywhere } from '#lib/auth/account.server.ts';
import { loadSessionPolicy } from '#lib/auth/session-policy.ts';
import { generateSessionToken, validateSessionToken } from '#lib/auth/session.server.ts';
import { hashToken } from '#lib/auth/token.ts';
import { changePassword, setUserActive, setUserRole, updateProfile } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { registerAndSignIn, registrationContext, registrationForm as form, sentMail } from './fixtures.ts';

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
  it('creates a learner with a normalised e-mail and name, sends a welcome e-mail, and signs no one in', async () => {
    const f = form();
    const sent = sentMail.length;
    const result = await registerAccount(t.db, f, {
      ...registrationContext,
      ip: '198.51.100.1',
      now: t0,
      next: '/kk/courses/urbanism/',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    await result.delivery;
    expect(f.email).toMatch(/^ +Learner.*@Example\.KZ $/);
    const row = await t.db.select().from(users).where(eq(users.email, f.email.trim().toLowerCase())).get();
    expect(row).toMatchObject({
      email: f.email.trim().toLowerCase(),
      displayName: 'Әлия Нұрланқызы',
      role: 'learner',
      locale: 'kk',
      region: 'Almaty',
      organisation: null,
      active: true,
      privacyConsentAt: t0,
    });
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain('tulpar');
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, row!.id))).toEqual([]);
    const [welcome] = sentMail.slice(sent);
    expect(welcome?.to).toBe(row!.email);
    expect(welcome?.subject).toBe('Oqu: тіркелгіңіз дайын');
    expect(welcome?.text).toContain('https://oqu.example.kz/kk/login?next=%2Fkk%2Fcourses%2Furbanism%2F');
    // Only the hash is stored, and the chosen password signs in.
    const signedIn = await signIn(t.db, { email: f.email, password: f.password }, { now: t0 });
    if (!signedIn.ok) throw new Error(signedIn.error);
    expect(signedIn.token).toMatch(/^[a-z2-7]{32}$/);
    const stored = await t.db.select().from(sessions).where(eq(sessions.userId, row!.id));
    expect(stored.map((s) => s.id)).toEqual([hashToken(signedIn.token)]);
  });

  it('refuses without consent to the processing of personal data, storing and sending nothing', async () => {
    const sent = sentMail.length;
    for (const consent of [undefined, '', 'no', 'on']) {
      const f = form({ consent });
      const result = await registerAccount(t.db, f, { ...registrationContext, now: t0 });
      expect(result).toMatchObject({ ok: false, error: 'auth.error.consent_required' });
      expect(result.ok ? {} : result.fields).toEqual({ consent: 'auth.error.consent_required' });
      expect(
        await t.db.select().from(users).where(eq(users.email, f.email.trim().toLowerCase())).get(),
      ).toBeUndefined();
    }
    expect(sentMail.length).toBe(sent);
  });

  it('answers a taken e-mail, however it is typed, exactly as a new one, and tells the owner by e-mail', async () => {
    const first = form();
    await registerAndSignIn(t.db, first, { now: t0 });
    const before = await t.db.select().from(users).where(eq(users.email, first.email.trim().toLowerCase())).get();
    const sent = sentMail.length;
    const again = await registerAccount(
      t.db,
      { ...first, name: 'Someone Else', password: 'another long phrase', email: first.email.toUpperCase().trim() },
      { ...registrationContext, now: t0 },
    );
    expect(Object.keys(again)).toEqual(['ok', 'delivery']);
    expect(again.ok).toBe(true);
    if (again.ok) await again.delivery;
    const after = await t.db.select().from(users).where(eq(users.email, first.email.trim().toLowerCase())).get();
    expect(after).toEqual(before);
    const [notice] = sentMail.slice(sent);
    expect(notice?.to).toBe(before!.email);
    expect(notice?.subject).toBe('Oqu: сізде тіркелгі бар');
    expect(notice?.text).toMatch(/https:\/\/oqu\.example\.kz\/kk\/reset-password\?token=[a-z2-7]{32}/);
    expect(notice?.text).not.toContain('Someone Else');
  });

  it('returns a code per bad field', async () => {
    const bad = await registerAccount(
      t.db,
      { name: ' ', email: 'not-an-email', password: 'x', locale: 'de' },
      { ...registrationContext, now: t0 },
    );
    expect(bad).toMatchObject({
      ok: false,
      fields: {
        name: 'auth.error.name_required',
        email: 'auth.error.email_invalid',
        locale: 'auth.error.locale_invalid',
      },
    });
    expect(await registerAccount(t.db, form({ password: 'short' }), { ...registrationContext, now: t0 })).toMatchObject(
      { ok: false, error: 'auth.error.password_too_short' },
    );
    expect(
      await registerAccount(t.db, form({ password: 'password123' }), { ...registrationContext, now: t0 }),
    ).toMatchObject({ ok: false, error: 'auth.error.password_common' });
  });

  it('creates one account from two simultaneous registrations with one e-mail, and answers both alike', async () => {
    const same = form();
    const results = await Promise.all([
      registerAccount(t.db, same, { ...registrationContext, now: t0 }),
      registerAccount(t.db, same, { ...registrationContext, now: t0 }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(await t.db.select().from(users).where(eq(users.email, same.email.trim().toLowerCase()))).toHaveLength(1);
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with the right password and refuses the wrong one or an unknown address alike', async () => {
    const f = form();
    await registerAccount(t.db, f, { ...registrationContext, now: t0 });
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
    await registerAccount(t.db, f, { ...registrationContext, now: t0 });
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
    const reg = await registerAndSignIn(t.db, f, { now: t0 });
    const other = await signIn(t.db, { email: f.email, password: f.password }, { now: t0 });
    if (!other.ok) throw new Error('setup failed');
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
    const reg = await registerAndSignIn(t.db, f, { now: t0 });
    const other = await signIn(t.db, { email: f.email, password: f.password }, { now: t0 });
    if (!other.ok) throw new Error('setup failed');
    expect(
      await changePassword(t.db, {
        userId: reg.user.id,
        currentPassword: 'wrong',
        newPassword: 'a brand new phrase',
        now: t0,
      }),
    ).toMatchObject({ ok: false, error: 'auth.error.wrong_current_password' });
    expect(
      await changePassword(t.db, {
        userId: reg.user.id,
        currentPassword: f.password,
        newPassword: '123456789',
        now: t0,
      }),
    ).toMatchObject({ ok: false, error: 'auth.error.password_common' });
    const changed = await changePassword(t.db, {
      userId: reg.user.id,
      currentPassword: f.password,
      newPassword: 'a brand new phrase',
      currentSessionId: reg.session.id,
      now: t0,
    });
    expect(changed).toEqual({ ok: true });
    expect(await validateSessionToken(t.db, reg.token, { now: t0, policy })).not.toBeNull();
    expect(await validateSessionToken(t.db, other.token, { now: t0, policy })).toBeNull();
    expect((await signIn(t.db, { email: f.email, password: f.password }, { now: t0 })).ok).toBe(false);
    expect((await signIn(t.db, { email: f.email, password: 'a brand new phrase' }, { now: t0 })).ok).toBe(true);
  });

  it('changes the display name (NFC, spaces collapsed) and other profile fields', async () => {
    const reg = await registerAndSignIn(t.db, form(), { now: t0 });
    // "и" + combining breve is stored as the single letter "й".
    const renamed = await updateProfile(t.db, reg.user.id, { name: ' Ели\u0306   Сейтқали ' });
    expect(renamed).toMatchObject({ ok: true, user: { displayName: 'Елй Сейтқали', region: 'Almaty' } });
    if (renamed.ok) expect([...renamed.user.displayName]).toHaveLength(12);
    expect(await updateProfile(t.db, reg.user.id, { name: '   ' })).toMatchObject({
      ok: false,
      error: 'auth.error.name_required',
    });
    expect(await updateProfile(t.db, reg.user.id, { name: '12345' })).toMatchObject({
      ok: false,
      error: 'auth.error.name_invalid',
    });
    expect(await updateProfile(t.db, reg.user.id, { locale: 'ru', region: '' })).toMatchObject({
      ok: true,
      user: { locale: 'ru', region: null, displayName: 'Елй Сейтқали' },
    });
  });

  it('sets roles (ending sessions) and refuses unknown ones', async () => {
    const reg = await registerAndSignIn(t.db, form(), { now: t0 });
    expect(await setUserRole(t.db, reg.user.id, 'superuser')).toEqual({ ok: false, error: 'auth.error.role_invalid' });
    expect(await setUserRole(t.db, 'no-such-id', 'admin')).toEqual({ ok: false, error: 'auth.error.user_not_found' });
    expect(await setUserRole(t.db, reg.user.id, 'admin')).toMatchObject({ ok: true, user: { role: 'admin' } });
    expect(await validateSessionToken(t.db, reg.token, { now: t0, policy })).toBeNull();
  });

  it('deactivates an account: sessions end, sign-in is refused, reactivation restores it', async () => {
    const f = form();
    const reg = await registerAndSignIn(t.db, f, { now: t0 });
    await setUserActive(t.db, reg.user.id, false);
    expect(await validateSessionToken(t.db, reg.token, { now: t0, policy })).toBeNull();
    expect(await signIn(t.db, { email: f.email, password: f.password }, { now: t0 })).toEqual({
      ok: false,
      error: 'auth.error.account_inactive',
    });
    // The wrong password still gets the generic answer: inactivity is only told to the owner.
    expect(await signIn(t.db, { email: f.email, password: 'not it at all' }, { now: t0 })).toEqual({
      ok: false,
      error: 'auth.error.invalid_credentials',
    });
    await setUserActive(t.db, reg.user.id, true);
    expect((await signIn(t.db, { email: f.email, password: f.password }, { now: t0 })).ok).toBe(true);
  });

  it('deleting a user removes their sessions (foreign keys are on)', async () => {
    const reg = await registerAndSignIn(t.db, form(), { now: t0 });
    await t.db.delete(users).where(eq(users.id, reg.user.id));
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, reg.user.id))).toEqual([]);
  });
});
