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
  return frameworkNames(coursesDir).filter((name) =>
    [...competencyIds(readFileSync(join(coursesDir, FRAMEWORKS_FOLDER, name)))].some((id) => named.has(id)),
  );
}

/** The competency ids a framework file defines (none when it does not parse). */
function competencyIds(bytes: Uint8Array): Set<string> {
  let data: unknown;
  try {
    data = parse(new TextDecoder().decode(bytes));
  } catch {
    return new Set();
  }
  const list = (data as { competencies?: { id?: unknown }[] } | null)?.competencies;
  return new Set(
    Array.isArray(list) ? list.flatMap((c) => (typeof c?.id === 'string' ? [c.id] : [])) : ([] as string[]),
  );
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

/** A framework this host keeps that lacks competencies the course names and the bundle's copy defines. */
export interface KeptFrameworkGap {
  id: string;
  /** The host's framework file. */
  file: string;
  version: string | null;
  carriedVersion: string | null;
  /** The ids, sorted. */
  missing: string[];
}

/**
 * The frameworks the host keeps (decision 034) while the course needs competencies only the
 * bundle's copy of them defines: the import must be refused, naming these (one message for the
 * operator instead of an "unknown competency" per question that names one).
 */
export function keptFrameworkGaps(
  coursesDir: string,
  courseDir: string,
  carried: readonly { path: string; data: Uint8Array }[],
  report: CarriedFrameworks,
): KeptFrameworkGap[] {
  const named = new Set(referencesOfCourse(courseDir).map((r) => r.id));
  const known = new Set<string>();
  for (const name of frameworkNames(coursesDir))
    for (const id of competencyIds(readFileSync(join(coursesDir, FRAMEWORKS_FOLDER, name)))) known.add(id);
  const byId = new Map(carried.map((f) => [idOf(f.path.slice(CARRIED_PREFIX.length)), f.data]));
  for (const id of report.installed) for (const c of competencyIds(byId.get(id) ?? new Uint8Array())) known.add(c);
  const own = new Map(frameworkNames(coursesDir).map((name) => [idOf(name), name]));
  return report.kept.flatMap((k) => {
    const defines = competencyIds(byId.get(k.id) ?? new Uint8Array());
    const missing = [...named].filter((id) => defines.has(id) && !known.has(id)).sort();
    const file = join(coursesDir, FRAMEWORKS_FOLDER, own.get(k.id) ?? `${k.id}.yaml`);
    return missing.length ? [{ ...k, file, missing }] : [];
  });
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
