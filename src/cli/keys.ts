import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closeDatabase, createDatabase, findProjectRoot } from '#db/client.ts';
import { credentialsIssuedUnder, type IssuedUnder } from '#lib/certificates/issued-under.server.ts';
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

/**
 * Start-up checks against the certificates already issued (decision 025): refuses (a message)
 * when they were signed by keys missing from the key directory, which a restore without the
 * keys would otherwise "fix" by silently making a new key; warns (printed) when the configured
 * `baseUrl` is not the one the latest credentials were issued under.
 */
export async function checkIssuedCredentials(baseUrl: string): Promise<string | null> {
  const db = await createDatabase();
  let issued: IssuedUnder[];
  try {
    issued = await credentialsIssuedUnder(db);
  } finally {
    closeDatabase(db);
  }
  if (issued.length === 0) return null;
  const dir = resolveKeysDir(findProjectRoot());
  const missing = [...new Set(issued.map((i) => i.kid))].filter((kid) => !existsSync(join(dir, `${kid}.public.json`)));
  if (missing.length > 0) {
    const count = issued.filter((i) => missing.includes(i.kid)).reduce((sum, i) => sum + i.count, 0);
    return (
      `Refusing to start: ${count} certificate(s) in the database were signed with key(s) ${missing.join(', ')}, ` +
      `which are not in the key directory ${dir}. A new key would leave them unverifiable. Restore the keys: ` +
      '`npm run oqu -- restore <archive>` from a full backup, or copy the keys folder of the old copy there ' +
      '(or set OQU_KEYS_DIR to it), then start again.'
    );
  }
  const latest = issued[0]!.baseUrl;
  if (latest !== baseUrl)
    console.warn(
      `Warning: baseUrl is ${baseUrl}, but the latest certificates were issued under ${latest}. They stay ` +
        `verifiable here (their keys are also published under the former address) and on partner hosts that ` +
        `trust ${new URL(baseUrl).origin}; printed QR codes point to ${latest}, so keep that address reaching ` +
        'this host (a redirect is enough) if you can. If the change is a mistake, set baseUrl back before ' +
        'issuing more.',
    );
  return null;
}
