import { describe, expect, it } from 'vitest';
import { composeAccountExistsMail, composeWelcomeMail } from './registration-mail.ts';

const base = { to: 'a@b.kz', name: 'Әлия <Test>', signInUrl: 'https://oqu.kz/kk/login?next=%2Fkk%2F', siteName: 'Oqu' };
const exists = { ...base, resetUrl: 'https://oqu.kz/kk/reset-password?token=abc', validMinutes: 60 };

describe('registration e-mails', () => {
  it('welcome a new account in its language, with the sign-in link', () => {
    expect(composeWelcomeMail({ ...base, locale: 'kk' }).subject).toBe('Oqu: тіркелгіңіз дайын');
    expect(composeWelcomeMail({ ...base, locale: 'ru' }).subject).toBe('Oqu: учётная запись создана');
    const en = composeWelcomeMail({ ...base, locale: 'en' });
    expect(en.subject).toBe('Oqu: your account is ready');
    expect(en.text).toContain('Hello, Әлия <Test>!');
    expect(en.text).toContain(base.signInUrl);
  });
  it('tell the owner of a taken address, with sign-in and reset links and how long the latter works', () => {
    const kk = composeAccountExistsMail({ ...exists, locale: 'kk' });
    expect(kk.subject).toBe('Oqu: сізде тіркелгі бар');
    expect(kk.text).toContain(exists.resetUrl);
    expect(kk.text).toContain('60 минут');
    expect(composeAccountExistsMail({ ...exists, locale: 'ru' }).subject).toBe('Oqu: у вас уже есть учётная запись');
    const en = composeAccountExistsMail({ ...exists, locale: 'en' });
    expect(en.text).toContain(base.signInUrl);
    expect(en.html).toContain(`href="${exists.resetUrl}"`);
  });
  it('escape the name in the HTML part', () => {
    const html = composeWelcomeMail({ ...base, locale: 'en' }).html!;
    expect(html).toContain('Әлия &#60;Test&#62;');
    expect(html).not.toContain('<Test>');
  });
});
