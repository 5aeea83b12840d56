/**
 * Course bundles carry the competency frameworks their course names (decision 034): export
 * adds `_frameworks/<id>.yaml` for each framework defining a competency the course names; import
 * validates the course against the host's frameworks plus the carried ones the host lacks, and
 * installs only those. A framework the host already has is the host's: it is never overwritten.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FRAMEWORKS_FOLDER } from './framework-schema.ts';
import { referencesOfCourse } from './framework-checks.ts';

/** The path prefix of carried framework files inside a bundle. */
export const CARRIED_PREFIX = `${FRAMEWORKS_FOLDER}/`;

const frameworkNames = (coursesDir: string): string[] => {
  const dir = join(coursesDir, FRAMEWORKS_FOLDER);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^[a-z0-9-]+\.ya?ml$/.test(f))
        .sort()
    : [];
};

/** The framework files (names in `courses/_frameworks/`) that define a competency the course names. */
export function frameworksOfCourse(coursesDir: string, courseDir: string): string[] {
  const named = new Set(referencesOfCourse(courseDir).map((r) => r.id));
  if (named.size === 0) return [];
  return frameworkNames(coursesDir).filter((name) => {
    let data: unknown;
    try {
      data = parse(readFileSync(join(coursesDir, FRAMEWORKS_FOLDER, name), 'utf8'));
    } catch {
      return false;
    }
    const list = (data as { competencies?: { id?: unknown }[] } | null)?.competencies;
    return Array.isArray(list) && list.some((c) => typeof c?.id === 'string' && named.has(c.id));
  });
}

/** Copies the host's frameworks into a staging `courses/` folder (so validation sees them). */
export function stageHostFrameworks(coursesDir: string, stagingCourses: string): void {
  const names = frameworkNames(coursesDir);
  if (names.length) mkdirSync(join(stagingCourses, FRAMEWORKS_FOLDER), { recursive: true });
  for (const name of names)
    copyFileSync(join(coursesDir, FRAMEWORKS_FOLDER, name), join(stagingCourses, FRAMEWORKS_FOLDER, name));
}

/** What an import does with the frameworks its bundle carries (decision 034), for the operator. */
export interface CarriedFrameworks {
  /** Ids of the carried frameworks this host lacked: installed with the course. */
  installed: string[];
  /** Carried frameworks this host has its own of (the same id): the host's is kept, the carried copy ignored. */
  kept: { id: string; version: string | null; carriedVersion: string | null }[];
}

/** A framework's id: its file name without `.yaml` or `.yml`. */
const idOf = (name: string) => name.replace(/\.ya?ml$/, '');

/** The `version` a framework file declares, or null when it has none or does not parse. */
function versionOf(bytes: Uint8Array): string | null {
  try {
    const version = (parse(new TextDecoder().decode(bytes)) as { version?: unknown } | null)?.version;
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/**
 * Writes the carried frameworks the host lacks (by id: `x.yml` here is the bundle's `x.yaml`)
 * into `stagingCourses/_frameworks/`; returns them (their file names and bytes) for
 * `installFrameworks` once the course has been validated, and what was kept and installed.
 */
export function stageCarriedFrameworks(
  coursesDir: string,
  stagingCourses: string,
  carried: readonly { path: string; data: Uint8Array }[],
): { fresh: { name: string; data: Uint8Array }[]; report: CarriedFrameworks } {
  const have = new Map(frameworkNames(coursesDir).map((name) => [idOf(name), name]));
  const files = carried
    .map((f) => ({ name: f.path.slice(CARRIED_PREFIX.length), data: f.data }))
    .filter((f) => /^[a-z0-9-]+\.ya?ml$/.test(f.name));
  const fresh = files.filter((f) => !have.has(idOf(f.name)));
  const kept = files.flatMap((f) => {
    const own = have.get(idOf(f.name));
    if (!own) return [];
    const version = versionOf(readFileSync(join(coursesDir, FRAMEWORKS_FOLDER, own)));
    return [{ id: idOf(f.name), version, carriedVersion: versionOf(f.data) }];
  });
  if (fresh.length) mkdirSync(join(stagingCourses, FRAMEWORKS_FOLDER), { recursive: true });
  for (const f of fresh) writeFileSync(join(stagingCourses, FRAMEWORKS_FOLDER, f.name), f.data);
  return { fresh, report: { installed: fresh.map((f) => idOf(f.name)), kept } };
}

/** Puts the new frameworks into `courses/_frameworks/` (never over one the host has). */
export function installFrameworks(coursesDir: string, files: readonly { name: string; data: Uint8Array }[]): void {
  if (files.length) mkdirSync(join(coursesDir, FRAMEWORKS_FOLDER), { recursive: true });
  const have = new Set(frameworkNames(coursesDir).map(idOf));
  for (const f of files) {
    const at = join(coursesDir, FRAMEWORKS_FOLDER, f.name);
    if (!have.has(idOf(f.name)) && !existsSync(at)) writeFileSync(at, f.data, { flag: 'wx' });
  }
}
