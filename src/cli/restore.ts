import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { filePathOf, findProjectRoot, isFileUrl, resolveDatabaseUrl } from '#db/client.ts';
import { resolveKeysDir } from '#lib/certificates/keys.ts';
import { loadSiteConfigFile, siteConfigPath } from '#lib/site/config.ts';
import { sitePagesDir } from '#lib/site/pages.server.ts';
import { lockDatabase } from './db-commands.ts';
import { checkArchive, PARTS, unpackArchive, type ArchiveManifest } from './site-archive.ts';

/**
 * `oqu restore <archive>`: puts a full backup (`oqu backup`) in place on a fresh copy: the
 * database, the signing keys, the courses, the configuration and the branding. Refuses when
 * the copy already has a database or keys (it would overwrite a live site), and checks the
 * archive against its manifest before writing anything. The server must be stopped.
 */
export async function runRestore(args: string[]): Promise<number> {
  process.umask(0o077);
  const file = args[0] ? resolve(args[0]) : '';
  if (!file || !existsSync(file)) {
    console.error('usage: npm run oqu -- restore <archive> (a .tar.gz made by `npm run oqu -- backup`)');
    return 2;
  }
  const root = findProjectRoot();
  const url = resolveDatabaseUrl();
  if (!isFileUrl(url)) {
    console.error('restore is for the embedded file database; restore a libSQL server with its own tools');
    return 1;
  }
  const database = resolve(filePathOf(url));
  const keys = resolveKeysDir(root);
  const existing = [database, join(keys, 'keys.json')].filter((path) => existsSync(path));
  if (existing.length > 0) {
    console.error(
      `Refusing to restore over ${existing.join(' and ')}: restore onto a fresh copy (or move those away first).`,
    );
    return 1;
  }
  const lock = lockDatabase('oqu restore');
  if (typeof lock === 'string') {
    console.error(lock);
    return 1;
  }
  mkdirSync(join(root, 'data'), { recursive: true, mode: 0o700 });
  const staging = mkdtempSync(join(root, 'data', '.oqu-restore-'));
  try {
    const manifest = await checkArchive(file);
    await unpackArchive(file, staging);
    putInPlace(staging, manifest, { root, database, keys });
    console.log(
      `Restored ${file} (made ${manifest.createdAt} on ${manifest.baseUrl}): ${manifest.parts.join(', ')}. ` +
        'Now build and start: npm run build && npm run serve',
    );
    return 0;
  } catch (error) {
    console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    lock.release();
  }
}

function putInPlace(
  staging: string,
  manifest: ArchiveManifest,
  to: { root: string; database: string; keys: string },
): void {
  mkdirSync(dirname(to.database), { recursive: true, mode: 0o700 });
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${to.database}${suffix}`, { force: true });
  cpSync(join(staging, PARTS.database), to.database);
  chmodSync(to.database, 0o600);
  if (manifest.parts.includes('keys')) {
    cpSync(join(staging, PARTS.keys), to.keys, { recursive: true });
    chmodSync(to.keys, 0o700);
    for (const name of readdirSync(to.keys)) chmodSync(join(to.keys, name), 0o600);
  }
  if (manifest.parts.includes('courses'))
    cpSync(join(staging, PARTS.courses), join(to.root, 'courses'), { recursive: true });
  if (manifest.parts.includes('config')) cpSync(join(staging, PARTS.config), siteConfigPath(to.root));
  if (manifest.parts.includes('branding'))
    cpSync(join(staging, PARTS.branding), join(to.root, 'public', 'branding'), { recursive: true });
  if (manifest.parts.includes('pages'))
    cpSync(join(staging, PARTS.pages), sitePagesDir(to.root, restoredPagesSetting(to.root)), { recursive: true });
}

/** The pages folder the restored configuration names (the default when it cannot be read). */
function restoredPagesSetting(root: string): string {
  try {
    return loadSiteConfigFile(root).pages;
  } catch {
    return 'pages';
  }
}
