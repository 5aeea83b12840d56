/**
 * Puts a checked, staged course into `courses/` as close to one atomic step as the file system
 * allows, for `oqu import-course`. Staging lives under data/ (never the project root); data/
 * may be another file system than courses/ (a mounted volume), so a move falls back to copy and
 * then a rename within the destination's file system (EXDEV). The swap itself is two renames
 * inside courses/: the old course aside, the new one in; if the second fails the first is
 * undone. Folders left by a killed import are recognised by the dead process id in their names
 * and cleaned (or, for a course set aside mid-swap, put back) at the next import.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '#db/process-alive.mjs';

/** How many replaced copies of each course data/replaced-courses keeps (the newest). */
export const KEEP_REPLACED = 3;

const OWN = /^(?:\.oqu-(incoming|outgoing)-)?(\d+)-[0-9a-f]{12}(?:\.([a-z0-9-]+))?$/;

function uniqueName(role?: 'incoming' | 'outgoing', slug?: string): string {
  const id = `${process.pid}-${randomBytes(6).toString('hex')}`;
  return role ? `.oqu-${role}-${id}.${slug}` : id;
}

/** Moves a folder; across file systems, copies it beside the destination first, then renames. */
export function moveFolder(from: string, to: string): void {
  try {
    renameSync(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const temp = join(to, '..', uniqueName('incoming', 'copy'));
  try {
    cpSync(from, temp, { recursive: true, errorOnExist: true, force: false });
    renameSync(temp, to);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  rmSync(from, { recursive: true, force: true });
}

/** A new, empty staging folder under `stagingRoot`, named after this process. */
export function createStagingFolder(stagingRoot: string): string {
  const dir = join(stagingRoot, uniqueName());
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Removes what an import that was killed left behind: its staging folders, and its half-placed
 * folders in `coursesDir` (a course it had set aside goes back in place if nothing took it).
 */
export function cleanStaleImports(
  stagingRoot: string,
  coursesDir: string,
  keepDir: string,
  now: Date = new Date(),
): void {
  for (const [dir, hidden] of [
    [stagingRoot, false],
    [coursesDir, true],
    [keepDir, true],
  ] as const) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const match = OWN.exec(name);
      if (!match || Boolean(match[1]) !== hidden || processAlive(Number(match[2]))) continue;
      const [, role, , slug] = match;
      const path = join(dir, name);
      if (role === 'outgoing' && slug) {
        const target = join(coursesDir, slug);
        if (!existsSync(target)) renameSync(path, target);
        else keepReplaced(path, keepDir, slug, now);
      } else {
        rmSync(path, { recursive: true, force: true });
      }
    }
  }
}

/** Moves a replaced course into `keepDir` and drops all but the newest KEEP_REPLACED copies. */
function keepReplaced(folder: string, keepDir: string, slug: string, now: Date): string {
  mkdirSync(keepDir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let keptAt = join(keepDir, `${slug}-${stamp}`);
  for (let n = 2; existsSync(keptAt); n++) keptAt = join(keepDir, `${slug}-${stamp}-${n}`);
  moveFolder(folder, keptAt);
  const copies = readdirSync(keepDir)
    .filter((name) => new RegExp(`^${slug}-\\d{4}-\\d{2}-\\d{2}T`).test(name))
    .sort();
  for (const old of copies.slice(0, Math.max(0, copies.length - KEEP_REPLACED)))
    rmSync(join(keepDir, old), { recursive: true, force: true });
  return keptAt;
}

/**
 * Installs the staged course folder as `coursesDir/<slug>`, setting a course already there
 * aside into `keepDir`. Returns where the replaced course was kept (null when there was none).
 */
export function installCourse(
  staged: string,
  coursesDir: string,
  slug: string,
  keepDir: string,
  now: Date,
): string | null {
  mkdirSync(coursesDir, { recursive: true });
  const target = join(coursesDir, slug);
  const incoming = join(coursesDir, uniqueName('incoming', slug));
  try {
    moveFolder(staged, incoming);
    if (!existsSync(target)) {
      renameSync(incoming, target);
      return null;
    }
    const outgoing = join(coursesDir, uniqueName('outgoing', slug));
    renameSync(target, outgoing);
    try {
      renameSync(incoming, target);
    } catch (error) {
      renameSync(outgoing, target);
      throw error;
    }
    try {
      return keepReplaced(outgoing, keepDir, slug, now);
    } catch {
      // The new course is in place; the old one stays aside in courses/ (hidden from the site)
      // and the next import moves it into keepDir.
      return outgoing;
    }
  } finally {
    rmSync(incoming, { recursive: true, force: true });
  }
}
