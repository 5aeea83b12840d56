import { findProjectRoot } from '#db/client.ts';
import { loadSigningKeys, resolveKeysDir, rotateSigningKey } from '#lib/certificates/keys.ts';

/** `oqu rotate-keys`: a new signing key; earlier public keys stay published. */
export async function runRotateKeys(): Promise<number> {
  const dir = resolveKeysDir(findProjectRoot());
  const keys = await rotateSigningKey(dir);
  console.log(
    `New signing key ${keys.current.kid} in ${dir}; ${keys.publicKeys.length} public key(s) published. Restart the ` +
      `server to sign with it.`,
  );
  return 0;
}

/** Makes sure the host has a signing key (the first start generates one). */
export async function ensureSigningKeys(): Promise<string | null> {
  try {
    const dir = resolveKeysDir(findProjectRoot());
    const keys = await loadSigningKeys(dir);
    return keys.current.kid ? null : 'no signing key';
  } catch (error) {
    return (
      `Could not load or create the certificate signing keys: ` +
      `${error instanceof Error ? error.message : String(error)}`
    );
  }
}
