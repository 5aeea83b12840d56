/**
 * argon2id with OWASP's parameters (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1).
 * @node-rs/argon2 hashes on a thread pool, so a sign-in does not block other requests.
 */
import { hash, verify } from '@node-rs/argon2';
import { normalizePassword } from './password-policy.ts';

const ARGON2ID = 2; // Algorithm.Argon2id; the package's enum is `const`, unusable under type stripping.

export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), ARGON2_OPTIONS);
}

/**
 * False for a wrong password and for a stored value that is no argon2 hash at all (an
 * invited account's `!invited:` marker) alike, in the same time: without a real hash to
 * check, a throwaway one is checked instead, so "invited, no password yet" does not answer
 * in 6 ms where a wrong password takes 24.
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (!passwordHash.startsWith('$argon2')) {
    await spendVerificationTime(password);
    return false;
  }
  try {
    return await verify(passwordHash, normalizePassword(password));
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification against a throwaway hash, so that "no such account"
 * takes as long as "wrong password" and timing does not reveal which e-mails exist.
 */
export async function spendVerificationTime(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-account-password');
  const fixed = await dummy;
  await verify(fixed, normalizePassword(password)).catch(() => false);
}
