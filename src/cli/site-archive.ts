/**
 * One archive of everything a restore needs (decision 025): the database (a checked snapshot,
 * db/backup.ts), the signing keys, the courses (imported ones are not in git), the
 * configuration file, the branding folder and the partner's pages (about, privacy, terms),
 * with a manifest of every file's SHA-256. A gzipped tar made with `tar` (npm's own, streaming,
 * modes kept, refuses `..` and absolute paths when extracting), so an operator can also open it
 * with the system's `tar`.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as tar from 'tar';

const MANIFEST = 'manifest.json';
const ARCHIVE_FORMAT = 1;

/** The parts of an archive, each a folder or file under the archive's root. */
export const PARTS = {
  database: 'database/oqu.db',
  keys: 'keys',
  courses: 'courses',
  config: 'config/oqu.config.yaml',
  branding: 'branding',
  pages: 'pages',
} as const;
type Part = keyof typeof PARTS;

export interface ArchiveManifest {
  format: number;
  createdAt: string;
  baseUrl: string;
  parts: Part[];
  /** Every file's path in the archive and SHA-256 (hex). */
  files: Record<string, string>;
}

/** Where each part lives on this copy; a missing folder or file is left out (branding, storage). */
type PartSources = Partial<Record<Exclude<Part, 'database'>, string>>;

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(root, path);
    return entry.isFile() ? [relative(root, path)] : [];
  });
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Copies the parts (the database is already at `staging/database/oqu.db`) into `staging` and
 * writes the manifest; returns the top-level names to pack.
 */
export function stageParts(staging: string, sources: PartSources, baseUrl: string): string[] {
  const parts: Part[] = ['database'];
  for (const [part, source] of Object.entries(sources) as [Exclude<Part, 'database'>, string][]) {
    if (!existsSync(source)) continue;
    const target = join(staging, PARTS[part]);
    mkdirSync(join(target, '..'), { recursive: true, mode: 0o700 });
    cpSync(source, target, { recursive: true, dereference: true, filter: (src) => !/\.tmp$|\/\.[^/]+$/.test(src) });
    parts.push(part);
  }
  const files = Object.fromEntries(filesUnder(staging).map((file) => [file, sha256(join(staging, file))]));
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    createdAt: new Date().toISOString(),
    baseUrl,
    parts,
    files,
  };
  writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest, null, 2), { mode: 0o600 });
  return [MANIFEST, ...new Set(parts.map((part) => PARTS[part].split('/')[0]!))];
}

/** Packs `names` under `staging` into a gzipped tar at `file` (created 0600). */
export async function packArchive(staging: string, names: string[], file: string): Promise<void> {
  await tar.create({ gzip: true, cwd: staging, file, portable: true, mode: 0o600 }, names);
}

/**
 * Reads the archive back whole and checks it against its manifest: every file listed is there
 * with its SHA-256, nothing unlisted, the database and keys present. Returns the manifest, or
 * throws saying what is wrong. (A copy that never started has no keys yet: then the archive has none.)
 */
export async function checkArchive(file: string): Promise<ArchiveManifest> {
  const found = new Map<string, string>();
  let manifestText = '';
  await tar.list({
    file,
    onReadEntry: (entry) => {
      if (entry.type !== 'File') return entry.resume();
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => (entry.path === MANIFEST ? chunks.push(chunk) : hash.update(chunk)));
      entry.on('end', () => {
        if (entry.path === MANIFEST) manifestText = Buffer.concat(chunks).toString('utf8');
        else found.set(entry.path, hash.digest('hex'));
      });
    },
  });
  if (!manifestText) throw new Error(`${file} has no ${MANIFEST}: it is not an Oqu backup archive`);
  const manifest = JSON.parse(manifestText) as ArchiveManifest;
  if (manifest.format !== ARCHIVE_FORMAT) throw new Error(`${file} has archive format ${manifest.format}, not 1`);
  for (const [path, digest] of Object.entries(manifest.files)) {
    if (found.get(path) !== digest) throw new Error(`${path} in ${file} is ${found.has(path) ? 'damaged' : 'missing'}`);
  }
  const extra = [...found.keys()].filter((path) => !(path in manifest.files));
  if (extra.length > 0) throw new Error(`${file} holds files its manifest does not list: ${extra.join(', ')}`);
  if (!(PARTS.database in manifest.files)) throw new Error(`${file} holds no database`);
  return manifest;
}

/** Unpacks a checked archive into `folder` (which must be empty). */
export async function unpackArchive(file: string, folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  await tar.extract({ file, cwd: folder, strict: true, preservePaths: false });
}
