/**
 * Certificate PDFs kept after their first rendering (decision 059): on disk, one file per
 * certificate under `<cache>/certificates/<first two symbols>/<code>/<key>.pdf`, and the most
 * recently served in a bounded memory cache. `key` names everything the bytes are made from
 * (pdf-key.ts), so a kept file is never out of date: a new key renders anew and the file of the
 * old one is removed.
 *
 * Safe with several processes and machines: a file is written under a temporary name and
 * renamed into place, so a reader sees a whole file or none; two processes rendering the same
 * certificate at once write the same bytes, and the last rename wins. A file cut short by a
 * crash (written, renamed, not yet on disk) fails the check on reading and is rendered again.
 * Within one process, simultaneous requests for one PDF wait for one rendering.
 *
 * The folder is a cache: backups leave it out, and deleting it at any time only costs renderings.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { LRUCache } from 'lru-cache';

/** Where the bytes of an answer came from. */
export type PdfSource = 'memory' | 'disk' | 'rendered';

export interface CachedPdf {
  bytes: Uint8Array;
  source: PdfSource;
}

/** About 500 certificates of ~30 KB per process. */
const MEMORY_BYTES = 16 * 1024 * 1024;
/** A temporary file this old was left by a process that died while writing it. */
const STALE_TEMP_MS = 10 * 60_000;

/** The cache folder: OQU_CACHE_DIR (absolute, or relative to the project root) or `<root>/data/cache`. */
export function resolveCacheDir(projectRoot: string, env: Record<string, string | undefined> = process.env): string {
  const override = env.OQU_CACHE_DIR?.trim();
  if (!override) return join(resolve(projectRoot), 'data', 'cache');
  return isAbsolute(override) ? resolve(override) : resolve(projectRoot, override);
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** A whole PDF: its header at the start and its end-of-file marker in the last bytes. */
function looksWhole(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return text.subarray(0, 5).toString('latin1') === '%PDF-' && text.subarray(-32).toString('latin1').includes('%%EOF');
}

export class CertificatePdfCache {
  readonly #memory: LRUCache<string, Uint8Array>;
  readonly #pending = new Map<string, Promise<CachedPdf>>();
  #warned = false;

  /** The folder the PDFs are kept in. */
  readonly dir: string;

  constructor(dir: string, memoryBytes: number = MEMORY_BYTES) {
    this.dir = dir;
    this.#memory = new LRUCache({ maxSize: memoryBytes, sizeCalculation: (bytes) => Math.max(bytes.byteLength, 1) });
  }

  /** The folder of one certificate's file. */
  folder(code: string): string {
    return join(this.dir, code.slice(0, 2), code);
  }

  /** The file the PDF of `code` under `key` is kept in. */
  path(code: string, key: string): string {
    return join(this.folder(code), `${key}.pdf`);
  }

  /** The PDF of `code` under `key`: from memory, else from disk, else from `render` (then kept). */
  async get(code: string, key: string, render: () => Promise<Uint8Array>): Promise<CachedPdf> {
    const id = `${code}/${key}`;
    const kept = this.#memory.get(id);
    if (kept) return { bytes: kept, source: 'memory' };
    const pending = this.#pending.get(id);
    if (pending) return { bytes: (await pending).bytes, source: 'memory' };
    const loading = this.#load(code, key, render).finally(() => this.#pending.delete(id));
    this.#pending.set(id, loading);
    return loading;
  }

  /** Drops every kept PDF of `code` (a revoked or replaced certificate). */
  async forget(code: string): Promise<void> {
    for (const id of [...this.#memory.keys()]) if (id.startsWith(`${code}/`)) this.#memory.delete(id);
    await rm(this.folder(code), { recursive: true, force: true });
  }

  async #load(code: string, key: string, render: () => Promise<Uint8Array>): Promise<CachedPdf> {
    const file = this.path(code, key);
    try {
      const bytes: Uint8Array = await readFile(file);
      if (looksWhole(bytes)) {
        this.#memory.set(`${code}/${key}`, bytes);
        return { bytes, source: 'disk' };
      }
    } catch (error) {
      if (!isMissing(error)) this.#warn(`could not read ${file}`, error);
    }
    const bytes = await render();
    this.#memory.set(`${code}/${key}`, bytes);
    await this.#store(code, key, bytes).catch((error: unknown) => this.#warn(`could not write ${file}`, error));
    return { bytes, source: 'rendered' };
  }

  /** Writes the file under a temporary name, renames it into place, removes the code's other files. */
  async #store(code: string, key: string, bytes: Uint8Array): Promise<void> {
    const folder = this.folder(code);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const temp = join(folder, `.${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, this.path(code, key));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await this.#prune(folder, `${key}.pdf`);
  }

  /** Removes files of other keys, and temporary files left by a process that died. */
  async #prune(folder: string, keep: string): Promise<void> {
    for (const name of await readdir(folder)) {
      if (name === keep) continue;
      const file = join(folder, name);
      try {
        if (name.endsWith('.pdf')) await unlink(file);
        else if (name.endsWith('.tmp') && Date.now() - (await stat(file)).mtimeMs > STALE_TEMP_MS) await unlink(file);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
  }

  /** Says once per process that the cache does not work; the PDF is still served. */
  #warn(what: string, error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`[oqu] certificate PDF cache: ${what} (${reason}); PDFs are kept in memory only until fixed`);
  }
}
