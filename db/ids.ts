/** Row ids: random and unguessable, so they can appear in URLs without inviting enumeration. */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 15 random bytes (120 bits) as 24 lower-case base32 characters. */
export function createId(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}
