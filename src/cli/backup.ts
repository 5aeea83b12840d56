import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { backupDatabase } from '#db/backup.ts';
import { closeDatabase, createDatabase, findProjectRoot, resolveDatabaseUrl } from '#db/client.ts';
import { resolveKeysDir } from '#lib/certificates/keys.ts';
import { loadSiteConfigFile, siteConfigPath } from '#lib/site/config.ts';
import { sitePagesDir } from '#lib/site/pages.server.ts';
import { checkArchive, packArchive, PARTS, stageParts } from './site-archive.ts';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * `oqu backup [file]`: one archive of everything a restore needs (site-archive.ts), by default
 * data/backups/oqu-<time>.tar.gz (0600, that folder 0700), read back and checked against its
 * manifest before it gets its name. A file name ending in `.db` gets the database alone, as
 * before. Works while the server runs: it only reads.
 */
export async function runBackup(args: string[]): Promise<number> {
  process.umask(0o077);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const root = findProjectRoot();
  const defaultFolder = join(root, 'data', 'backups');
  const target = resolve(args[0] ?? join(defaultFolder, `oqu-${stamp}.tar.gz`));
  const url = resolveDatabaseUrl();
  const db = await createDatabase({ url });
  try {
    if (target.endsWith('.db')) {
      await backupDatabase(db, url, target);
      console.log(`Database backup written to ${target} (integrity checked). For a full backup, name a .tar.gz.`);
    } else {
      const parts = await backupSite(root, url, db, target);
      console.log(
        `Backup written to ${target} (0600; read back and checked: ${parts.join(', ')}). To restore onto a ` +
          `fresh copy: npm run oqu -- restore ${target}`,
      );
    }
    if (!args[0]) chmodSync(defaultFolder, 0o700);
    return 0;
  } catch (error) {
    console.error(`Backup failed, nothing was written to ${target}: ${message(error)}`);
    return 1;
  } finally {
    closeDatabase(db);
  }
}

async function backupSite(
  root: string,
  url: string,
  db: Awaited<ReturnType<typeof createDatabase>>,
  target: string,
): Promise<string[]> {
  if (existsSync(target)) throw new Error(`${target} already exists: choose a new file name`);
  const config = loadSiteConfigFile(root);
  const folder = dirname(target);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const staging = mkdtempSync(join(folder, '.oqu-backup-'));
  const partial = join(folder, `.${process.pid}.partial.tar.gz`);
  try {
    await backupDatabase(db, url, join(staging, PARTS.database));
    const names = stageParts(
      staging,
      {
        keys: resolveKeysDir(root),
        courses: join(root, 'courses'),
        config: siteConfigPath(root),
        branding: join(root, 'public', 'branding'),
        pages: sitePagesDir(root, config.pages),
      },
      config.baseUrl,
    );
    await packArchive(staging, names, partial);
    chmodSync(partial, 0o600);
    const { parts } = await checkArchive(partial);
    if ((statSync(partial).mode & 0o777) !== 0o600) throw new Error('the archive is not mode 0600');
    linkSync(partial, target);
    return parts;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
}
