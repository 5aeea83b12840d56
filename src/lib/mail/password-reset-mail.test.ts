import { describe, expect, it } from 'vitest';
import { composePasswordResetMail } from './password-reset-mail.ts';

const input = {
  to: 'a@b.kz',
  name: 'Әлия <Test>',
  url: 'https://oqu.kz/kk/reset-password?token=abc',
  validMinutes: 60,
  siteName: 'Oqu',
};

describe('composePasswordResetMail', () => {
  it('writes in the recipient language with the link and the validity', () => {
    const kkMail = composePasswordResetMail({ ...input, locale: 'kk' });
    expect(kkMail.subject).toBe('Oqu: жаңа құпиясөз орнату');
    expect(kkMail.text).toContain('Сәлеметсіз бе, Әлия <Test>!');
    expect(kkMail.text).toContain(input.url);
    expect(kkMail.text).toContain('60 минут');
    const ruMail = composePasswordResetMail({ ...input, locale: 'ru' });
    expect(ruMail.subject).toBe('Oqu: установка нового пароля');
    expect(composePasswordResetMail({ ...input, locale: 'en' }).subject).toBe('Set a new password for Oqu');
  });
  it('escapes the name in the HTML part', () => {
    const mail = composePasswordResetMail({ ...input, locale: 'en' });
    expect(mail.html).toContain('Әлия &#60;Test&#62;');
    expect(mail.html).not.toContain('<Test>');
    expect(mail.html).toContain('href="https://oqu.kz/kk/reset-password?token=abc"');
  });
});
