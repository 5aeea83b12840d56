/**
 * Password reset end to end: the real mailer (nodemailer) sends over SMTP to a real server
 * on loopback; the link in the received e-mail is what the test redeems.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { passwordResetTokens, sessions } from '#db/schema.ts';
import { registerAccount, signIn } from '#lib/auth/account.server.ts';
import {
  isPasswordResetTokenValid,
  passwordResetMinutes,
  requestPasswordReset,
  resetPassword,
} from '#lib/auth/password-reset.server.ts';
import { createMailer, type Mailer } from '#lib/mail/mailer.server.ts';
import { findUserByEmail } from '#lib/auth/user.server.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let smtp: TestSmtp;
let mailer: Mailer;
beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtp();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Oqu Test <no-reply@oqu.test>' });
});
afterAll(async () => {
  await smtp?.close();
  await t?.cleanup();
});

const t0 = new Date('2026-05-01T09:00:00Z');
const MIN = 60_000;
const siteNames: Record<Locale, string> = { kk: 'Oqu Алматы', ru: 'Oqu Алматы (ru)', en: 'Oqu Almaty' };
const request = (email: string, now = t0, ip = '198.51.100.9') =>
  requestPasswordReset(t.db, {
    email,
    baseUrl: 'https://oqu.example.kz/',
    siteName: (l) => siteNames[l],
    mailer,
    now,
    ip,
  });

let n = 0;
async function registerUser(locale: Locale) {
  const email = `reset${++n}@example.kz`;
  const password = 'first long password';
  const reg = await registerAccount(
    t.db,
    { name: 'Дәурен Сәрсенбайұлы', email, password, locale, consent: 'yes' },
    { now: t0, baseUrl: 'https://oqu.example.kz/', siteName: (l) => siteNames[l], mailer },
  );
  if (!reg.ok) throw new Error(`setup failed: ${reg.error}`);
  await reg.delivery;
  expect((await smtp.nextMessage()).subject).toContain(siteNames[locale]); // the welcome e-mail
  const user = await findUserByEmail(t.db, email);
  if (!user) throw new Error('setup failed: no user');
  return { user, email, password };
}

/** The token from the link in a received e-mail. */
function tokenFrom(text: string, locale: Locale): string {
  const match = new RegExp(`https://oqu\\.example\\.kz/${locale}/reset-password\\?token=([a-z2-7]+)`).exec(text);
  if (!match) throw new Error(`no ${locale} reset link in:\n${text}`);
  return match[1]!;
}

describe('password reset by e-mail', () => {
  it('sends the link in the user language and the link works once and only once', async () => {
    const user = await registerUser('kk');
    const other = await signIn(t.db, { email: user.email, password: user.password }, { now: t0 });
    const asked = await request(`  ${user.email.toUpperCase()} `);
    expect(asked.ok).toBe(true);
    if (asked.ok) await asked.delivery;
    const mail = await smtp.nextMessage();
    expect(mail.to).toEqual([user.email]);
    expect(mail.subject).toBe('Oqu Алматы: жаңа құпиясөз орнату');
    expect(mail.text).toContain('Сәлеметсіз бе, Дәурен Сәрсенбайұлы!');
    expect(mail.text).toContain(`${passwordResetMinutes({})} минут`);
    expect(mail.html).toContain('href="https://oqu.example.kz/kk/reset-password?token=');
    const token = tokenFrom(mail.text, 'kk');
    // The token is not stored, only its hash.
    const stored = await t.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);

    expect(await isPasswordResetTokenValid(t.db, token, new Date(t0.getTime() + MIN))).toBe(true);
    // A password the policy refuses does not use the link up.
    expect(await resetPassword(t.db, { token, newPassword: 'qwerty123', now: t0 })).toMatchObject({
      ok: false,
      error: 'auth.error.password_common',
    });
    expect(
      await resetPassword(t.db, { token, newPassword: 'new steppe password', now: new Date(t0.getTime() + 5 * MIN) }),
    ).toEqual({ ok: true, userId: user.user.id });
    // Every session ended, the old password is gone, the new one works.
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.user.id))).toEqual([]);
    expect(other.ok).toBe(true);
    expect((await signIn(t.db, { email: user.email, password: user.password }, { now: t0 })).ok).toBe(false);
    expect((await signIn(t.db, { email: user.email, password: 'new steppe password' }, { now: t0 })).ok).toBe(true);
    // Second use: refused.
    expect(
      await resetPassword(t.db, { token, newPassword: 'yet another phrase', now: new Date(t0.getTime() + 6 * MIN) }),
    ).toEqual({ ok: false, error: 'auth.error.reset_token_invalid' });
    expect(await isPasswordResetTokenValid(t.db, token, new Date(t0.getTime() + 6 * MIN))).toBe(false);
    expect((await signIn(t.db, { email: user.email, password: 'yet another phrase' }, { now: t0 })).ok).toBe(false);
  });

  it('writes to Russian and English users in their language', async () => {
    for (const [locale, subject, greeting] of [
      ['ru', 'Oqu Алматы (ru): установка нового пароля', 'Здравствуйте, Дәурен Сәрсенбайұлы!'],
      ['en', 'Set a new password for Oqu Almaty', 'Hello, Дәурен Сәрсенбайұлы!'],
    ] as const) {
      const user = await registerUser(locale);
      const asked = await request(user.email);
      if (asked.ok) await asked.delivery;
      const mail = await smtp.nextMessage();
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain(greeting);
      expect(tokenFrom(mail.text, locale)).toMatch(/^[a-z2-7]{32}$/);
    }
  });

  it('refuses the link after it expires', async () => {
    const user = await registerUser('en');
    const asked = await request(user.email);
    if (asked.ok) await asked.delivery;
    const token = tokenFrom((await smtp.nextMessage()).text, 'en');
    const expiry = t0.getTime() + passwordResetMinutes({}) * MIN;
    expect(await isPasswordResetTokenValid(t.db, token, new Date(expiry - 1))).toBe(true);
    expect(await resetPassword(t.db, { token, newPassword: 'too late a phrase', now: new Date(expiry) })).toEqual({
      ok: false,
      error: 'auth.error.reset_token_invalid',
    });
    expect((await signIn(t.db, { email: user.email, password: user.password }, { now: t0 })).ok).toBe(true);
  });

  it('lets exactly one of several simultaneous redemptions win', async () => {
    const user = await registerUser('en');
    const asked = await request(user.email);
    if (asked.ok) await asked.delivery;
    const token = tokenFrom((await smtp.nextMessage()).text, 'en');
    const passwords = Array.from({ length: 5 }, (_, i) => `racing password number ${i}`);
    const results = await Promise.all(
      passwords.map((newPassword) => resetPassword(t.db, { token, newPassword, now: t0 })),
    );
    const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const [i, pw] of passwords.entries()) {
      expect((await signIn(t.db, { email: user.email, password: pw }, { now: t0 })).ok, pw).toBe(i === winners[0]);
    }
  });

  it('only the newest link works', async () => {
    const user = await registerUser('en');
    const first = await request(user.email);
    if (first.ok) await first.delivery;
    const old = tokenFrom((await smtp.nextMessage()).text, 'en');
    const second = await request(user.email, new Date(t0.getTime() + MIN));
    if (second.ok) await second.delivery;
    const fresh = tokenFrom((await smtp.nextMessage()).text, 'en');
    expect(await resetPassword(t.db, { token: old, newPassword: 'the old link phrase', now: t0 })).toMatchObject({
      ok: false,
    });
    expect((await resetPassword(t.db, { token: fresh, newPassword: 'the new link phrase', now: t0 })).ok).toBe(true);
  });

  it('answers alike for unknown addresses and sends nothing', async () => {
    const user = await registerUser('en');
    const before = smtp.messages.length;
    const asked = await request('nobody-here@example.kz');
    expect(asked).toMatchObject({ ok: true });
    if (asked.ok) await asked.delivery;
    // A mail for a real account, asked for afterwards, is the next to arrive: nothing went out before it.
    const real = await request(user.email, t0, '198.51.100.77');
    if (real.ok) await real.delivery;
    expect((await smtp.nextMessage()).to).toEqual([user.email]);
    expect(smtp.messages.length).toBe(before + 1);
  });

  it('limits reset e-mails per address', async () => {
    const user = await registerUser('en');
    for (let i = 0; i < 3; i++) {
      const asked = await request(user.email, t0, `192.0.2.${i}`);
      expect(asked.ok).toBe(true);
      if (asked.ok) await asked.delivery;
      await smtp.nextMessage();
    }
    expect(await request(user.email, t0, '192.0.2.200')).toEqual({
      ok: false,
      error: 'auth.error.rate_limited',
      retryAfterSeconds: 3600,
    });
  });

  it('refuses junk tokens', async () => {
    for (const token of [undefined, '', 'short', 'Z'.repeat(32), 'a'.repeat(32)]) {
      expect(await resetPassword(t.db, { token, newPassword: 'whatever long phrase', now: t0 })).toEqual({
        ok: false,
        error: 'auth.error.reset_token_invalid',
      });
    }
  });
});

describe('without SMTP', () => {
  it('notes in the log that the message was not sent, but never its live link', async () => {
    const lines: string[] = [];
    const logMailer = createMailer({ smtpUrl: '', log: (line) => lines.push(line) });
    expect(logMailer.kind).toBe('log');
    const user = await registerUser('ru');
    const asked = await requestPasswordReset(t.db, {
      email: user.email,
      baseUrl: 'https://oqu.example.kz',
      siteName: () => 'Oqu',
      mailer: logMailer,
      now: t0,
    });
    if (asked.ok) await asked.delivery;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`To: ${user.email}`);
    expect(lines[0]).not.toContain('reset-password?token=');
  });
});
