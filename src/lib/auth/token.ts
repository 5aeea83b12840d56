/**
 * Secrets handed to a browser or an e-mail (session tokens, password-reset tokens), per
 * Lucia's guide: random bytes, base32 without padding, and only their SHA-256 stored, so a
 * leaked database holds nothing that signs anyone in.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** 20 random bytes (160 bits) as 32 lower-case base32 characters. */
export function generateSecretToken(byteLength = 20): string {
  const bytes = new Uint8Array(byteLength);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The token as stored: hex SHA-256. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Whether a string can be one of our tokens at all; cheap rejection of cookie or URL junk
 * before any hashing or database work.
 */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && /^[a-z2-7]{32,64}$/.test(token);
}
