import { describe, expect, it } from 'vitest';
import { dictionary } from '@zxcvbn-ts/language-common';
import { isCommonPassword } from './common-passwords.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { checkPasswordPolicy, PASSWORD_MAX_LENGTH } from './password-policy.ts';

describe('password policy', () => {
  it('wants at least 8 characters, counted as characters, not bytes', () => {
    expect(checkPasswordPolicy('Qz7$kp!')).toBe('auth.error.password_too_short');
    expect(checkPasswordPolicy('Қазақстан')).toBeNull(); // 9 letters, 18 bytes
    expect(checkPasswordPolicy('әңғүұқөһі'.slice(0, 7))).toBe('auth.error.password_too_short');
  });
  it('caps the length', () => {
    expect(checkPasswordPolicy('x7'.repeat(PASSWORD_MAX_LENGTH / 2))).toBeNull();
    expect(checkPasswordPolicy('x7'.repeat(PASSWORD_MAX_LENGTH / 2) + 'y')).toBe('auth.error.password_too_long');
  });
  it('refuses common passwords from a list of tens of thousands, ignoring case', () => {
    expect(new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())).size).toBeGreaterThan(10_000);
    for (const pw of ['password', 'PASSWORD1', 'qwerty123', 'iloveyou', '12345678', 'sunshine']) {
      expect(checkPasswordPolicy(pw), pw).toBe('auth.error.password_common');
    }
    expect(isCommonPassword('tulpar ushady dalada')).toBe(false);
  });
  it('refuses the e-mail address or its local part', () => {
    expect(checkPasswordPolicy('Aigerim.Nurlanovna', { email: 'aigerim.nurlanovna@mail.kz' })).toBe(
      'auth.error.password_like_email',
    );
    expect(checkPasswordPolicy('aigerim.nurlanovna@mail.kz', { email: 'Aigerim.Nurlanovna@mail.kz ' })).toBe(
      'auth.error.password_like_email',
    );
    expect(checkPasswordPolicy('steppe wind at dawn', { email: 'aigerim@mail.kz' })).toBeNull();
  });
});

describe('password hashing', () => {
  it('uses argon2id with the OWASP parameters and verifies only the right password', async () => {
    const hash = await hashPassword('steppe wind at dawn');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'steppe wind at dawn')).toBe(true);
    expect(await verifyPassword(hash, 'steppe wind at dusk')).toBe(false);
    expect(await verifyPassword('not a hash', 'steppe wind at dawn')).toBe(false);
  });
  it('treats composed and decomposed letters as the same password (NFKC)', async () => {
    const hash = await hashPassword('Йошкар-Ола 2024');
    expect(await verifyPassword(hash, 'И\u0306ошкар-Ола 2024')).toBe(true);
  });
});
