/**
 * The host's signing keys for credentials (I/O at the rim: files in a key directory).
 *
 * RSA 2048 / RS256, the algorithm every Open Badges 3.0 verifier must support. Each key is
 * named by its RFC 7638 JWK thumbprint (`kid`). The directory holds
 *
 *   keys.json               { "current": kid, "keys": [{ "kid", "createdAt" }, ...] }, newest first
 *   <kid>.public.json       the public JWK, kept for as long as certificates signed with it exist
 *   <kid>.private.json      the private JWK, mode 0600; only the current key keeps one
 *
 * and is itself mode 0700. It is `<project root>/data/keys/` (git-ignored) unless OQU_KEYS_DIR
 * names another; a directory elsewhere inside the repository is refused. The first call makes
 * a key; `rotateSigningKey` makes a new current key, keeps every public key published (old
 * certificates stay verifiable) and deletes the old private key. Back up this directory: a
 * lost private key only means rotating, but lost public keys make old certificates unverifiable.
 */
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export const SIGNING_ALGORITHM = 'RS256';

/** A public key as published: only the members RFC 7638 hashes, so it can never leak `d`. */
export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
}

export interface SigningKey {
  /** RFC 7638 SHA-256 thumbprint of the public key. */
  kid: string;
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
}

export interface PublishedKey {
  kid: string;
  createdAt: string;
  publicJwk: PublicJwk;
}

export interface SigningKeys {
  /** The key new credentials are signed with. */
  current: SigningKey;
  /** Every public key still published, newest first (the current one included). */
  publicKeys: PublishedKey[];
}

interface Manifest {
  current: string;
  keys: { kid: string; createdAt: string }[];
}

export class KeyStoreError extends Error {}

const MANIFEST = 'keys.json';

/**
 * The key directory for a project: OQU_KEYS_DIR (absolute, or relative to the project root)
 * or `<root>/data/keys`. Throws when it would sit in the repository outside data/.
 */
export function resolveKeysDir(projectRoot: string, env: Record<string, string | undefined> = process.env): string {
  const root = resolve(projectRoot);
  const override = env.OQU_KEYS_DIR;
  const dir = override
    ? isAbsolute(override)
      ? resolve(override)
      : resolve(root, override)
    : join(root, 'data', 'keys');
  const inRepo = relative(root, dir);
  const insideRepo = inRepo === '' || (!inRepo.startsWith('..') && !isAbsolute(inRepo));
  if (insideRepo && !(inRepo === 'data' || inRepo.startsWith(`data${sep}`))) {
    throw new KeyStoreError(
      `OQU_KEYS_DIR=${override} is inside the repository, where keys could be committed: use a directory under data/ ` +
        `(git-ignored) or outside the project.`,
    );
  }
  return dir;
}

/** The current key and all published public keys; makes the first key when there is none. */
export async function loadSigningKeys(dir: string): Promise<SigningKeys> {
  prepareDir(dir);
  let manifest = readManifest(dir);
  if (!manifest) {
    const key = await createKey(dir);
    const fresh: Manifest = { current: key.kid, keys: [{ kid: key.kid, createdAt: new Date().toISOString() }] };
    if (!publishFirstManifest(dir, fresh)) {
      rmSync(privatePath(dir, key.kid), { force: true });
      rmSync(publicPath(dir, key.kid), { force: true });
    }
    manifest = readManifest(dir) as Manifest;
  }
  return readKeys(dir, manifest);
}

/** Makes a new current key; old public keys stay published, the old private key is deleted. */
export async function rotateSigningKey(dir: string): Promise<SigningKeys> {
  const before = await loadSigningKeys(dir);
  const key = await createKey(dir);
  const manifest: Manifest = {
    current: key.kid,
    keys: [
      { kid: key.kid, createdAt: new Date().toISOString() },
      ...before.publicKeys.map(({ kid, createdAt }) => ({ kid, createdAt })),
    ],
  };
  writeAtomically(join(dir, MANIFEST), JSON.stringify(manifest, null, 2), 0o600);
  rmSync(privatePath(dir, before.current.kid), { force: true });
  return readKeys(dir, manifest);
}

function privatePath(dir: string, kid: string): string {
  return join(dir, `${kid}.private.json`);
}

function publicPath(dir: string, kid: string): string {
  return join(dir, `${kid}.public.json`);
}

/** Creates the directory 0700, or tightens an existing one that others could read. */
function prepareDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** A new key pair, written to disk (private 0600); not yet current. */
async function createKey(dir: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, {
    extractable: true,
    modulusLength: 2048,
  });
  const publicJwk = toPublicJwk(await exportJWK(publicKey));
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const privateJwk = await exportJWK(privateKey);
  writeAtomically(privatePath(dir, kid), JSON.stringify({ ...privateJwk, kid, alg: SIGNING_ALGORITHM }), 0o600);
  writeAtomically(publicPath(dir, kid), JSON.stringify(publicJwk), 0o644);
  return { kid, privateKey, publicJwk };
}

/** Installs the first manifest unless another process got there first (link fails then). */
function publishFirstManifest(dir: string, manifest: Manifest): boolean {
  const temp = join(dir, `.${MANIFEST}.${process.pid}.${Date.now()}`);
  writeFileSync(temp, JSON.stringify(manifest, null, 2), { mode: 0o600 });
  try {
    linkSync(temp, join(dir, MANIFEST));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function writeAtomically(file: string, contents: string, mode: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents, { mode });
  chmodSync(temp, mode);
  renameSync(temp, file);
}

function readManifest(dir: string): Manifest | null {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) return null;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (typeof manifest.current !== 'string' || !Array.isArray(manifest.keys))
    throw new KeyStoreError(`${file} is damaged: restore it from a backup of the key directory.`);
  return manifest;
}

async function readKeys(dir: string, manifest: Manifest): Promise<SigningKeys> {
  const privateFile = privatePath(dir, manifest.current);
  if (!existsSync(privateFile))
    throw new KeyStoreError(`The private key ${privateFile} is missing: restore it from a backup, or rotate the key.`);
  if ((statSync(privateFile).mode & 0o077) !== 0) chmodSync(privateFile, 0o600);
  const privateJwk = JSON.parse(readFileSync(privateFile, 'utf8')) as JWK;
  const privateKey = (await importJWK(privateJwk, SIGNING_ALGORITHM)) as CryptoKey;
  const publicKeys = manifest.keys.map(({ kid, createdAt }): PublishedKey => {
    const file = publicPath(dir, kid);
    if (!existsSync(file))
      throw new KeyStoreError(
        `The public key ${file} is missing: restore it from a backup, or certificates signed with it cannot be ` +
          `verified.`,
      );
    return { kid, createdAt, publicJwk: toPublicJwk(JSON.parse(readFileSync(file, 'utf8')) as JWK) };
  });
  const current = publicKeys.find((key) => key.kid === manifest.current);
  if (!current) throw new KeyStoreError(`${join(dir, MANIFEST)} names a current key that it does not list.`);
  return { current: { kid: manifest.current, privateKey, publicJwk: current.publicJwk }, publicKeys };
}

function toPublicJwk(jwk: JWK): PublicJwk {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string')
    throw new KeyStoreError('A stored key is not an RSA public key.');
  return { kty: 'RSA', n: jwk.n, e: jwk.e };
}
