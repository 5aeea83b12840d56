/** This host's signing keys, loaded (and on the very first start, generated) once per process. */
import { findProjectRoot } from '#db/client.ts';
import { loadSigningKeys, resolveKeysDir, type SigningKeys } from './keys.ts';

let cached: Promise<SigningKeys> | undefined;

export function hostSigningKeys(): Promise<SigningKeys> {
  cached ??= loadSigningKeys(resolveKeysDir(findProjectRoot())).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
