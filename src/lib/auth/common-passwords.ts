/**
 * Passwords people pick most, refused at registration and password change (NIST SP 800-63B
 * 3.1.1.2, OWASP ASVS 2.1.7). The list is zxcvbn's `passwords` dictionary as shipped by the
 * maintained npm package @zxcvbn-ts/language-common (about 49,000 entries, taken from
 * leaked-password corpora, most frequent first), so it updates with `npm update`.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/** Case-insensitive: "Password1" is as guessable as "password1". */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
