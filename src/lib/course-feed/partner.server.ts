/**
 * Courses from partners, for the admin page: each trusted host's feed with what this host has
 * of each course, the preview of what installing a version changes, and installing it with the
 * checks of `oqu import-course`, recorded in the audit log. A course written here, or imported
 * from another host, is never replaced by a partner's course of the same name; one imported from
 * that partner (its `origin.yaml` names it) is updated in place, the replaced folder kept under
 * data/replaced-courses.
 * Installed courses are published by the next build and restart (the lessons are prerendered).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { parse as parseYaml } from 'yaml';
import { findProjectRoot, type Database } from '#db/client.ts';
import { enrollments } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import {
  BundleError,
  bundleOutline,
  importCourse,
  installedCourseState,
  installedFiles,
  type CourseBundle,
} from '#lib/courses/bundle.ts';
import type { SigningKeys } from '#lib/certificates/keys.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import { originOf } from '#lib/certificates/urls.ts';
import { ORIGIN_FILE } from '#lib/courses/course-safety.ts';
import { courseOriginSchema } from '#lib/courses/schema.ts';
import { droppedProgress, installedOutline } from '#lib/courses/dropped-progress.server.ts';
import type { ActionOutcome, Result } from '#lib/result.ts';
import { courseChanges, type CourseChanges } from './changes.ts';
import type { BundleRequester } from './bundle-request.ts';
import type { FeedCourse } from './feed.ts';
import { fetchPartnerCourse, fetchPartnerFeed, type ReceiveFailure } from './receive.server.ts';

/**
 * What this host has of a partner's course: nothing, that version, an older one imported from that
 * partner, its own course of that name, or a course of that name imported from another host.
 */
export type LocalState = 'new' | 'current' | 'update' | 'taken' | 'elsewhere';

export interface PartnerHostView {
  host: string;
  feed: Result<{ site: string; courses: { entry: FeedCourse; state: LocalState }[] }, ReceiveFailure>;
}

export interface PartnerPreview {
  host: string;
  site: string;
  entry: FeedCourse;
  state: LocalState;
  changes: CourseChanges;
  /** Trainees enrolled in the course here. */
  enrolled: number;
  /** Trainees with progress on lessons the new version drops. */
  losing: number;
}

export type PartnerFailure =
  ReceiveFailure | 'feed.name_taken' | 'feed.other_origin' | 'feed.changed' | 'feed.confirm' | 'feed.refused';

export interface PartnerContext {
  /** The project root (its courses/ and data/); the running server's by default. */
  projectRoot?: string;
  trustedHosts: readonly string[];
  /** This host's address: a partner gives its bundles only to a host it trusts (decision 060). */
  baseUrl: string;
  /** This host's certificate keys, which sign the bundle requests; the running server's by default. */
  keys?: SigningKeys;
}

const rootOf = (context: PartnerContext) => context.projectRoot ?? findProjectRoot();
const coursesOf = (context: PartnerContext) => join(rootOf(context), 'courses');
const requesterOf = async (context: PartnerContext): Promise<BundleRequester> => ({
  baseUrl: context.baseUrl,
  key: (context.keys ?? (await hostSigningKeys())).current,
});

/** Whether the partner's version can be installed here: the course is not here yet, or an older version of it is. */
export function installable(state: LocalState): boolean {
  return state === 'new' || state === 'update';
}

/** The origin (`https://host:port`) `origin.yaml` in `dir` names, or null when it is missing or unreadable. */
function importedFrom(dir: string): string | null {
  const file = join(dir, ORIGIN_FILE);
  if (!existsSync(file)) return null;
  try {
    const origin = courseOriginSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
    return origin.success ? originOf(origin.data.url) : null;
  } catch {
    return null;
  }
}

/**
 * What this host has of `entry` of the feed of `host`, from the course folder of that name: a
 * course imported from that host (its `origin.yaml` names it) may be updated; one written here, or
 * imported from another host, is not replaced by it.
 */
export function localState(coursesDir: string, host: string, entry: FeedCourse): LocalState {
  const dir = join(coursesDir, entry.id);
  const state = installedCourseState(dir);
  if (!state) return 'new';
  if (state.version === entry.version) return 'current';
  if (!existsSync(join(dir, ORIGIN_FILE))) return 'taken';
  return importedFrom(dir) === originOf(host) ? 'update' : 'elsewhere';
}

/** Every trusted host with its verified feed (or why not), asked at the same time. */
export async function partnerOverview(context: PartnerContext): Promise<PartnerHostView[]> {
  return Promise.all(
    context.trustedHosts.map(async (host): Promise<PartnerHostView> => {
      const fetched = await fetchPartnerFeed(host, context.trustedHosts);
      if (!fetched.ok) return { host, feed: fetched };
      const courses = fetched.feed.courses.map((entry) => ({
        entry,
        state: localState(coursesOf(context), fetched.feed.host, entry),
      }));
      return { host, feed: { ok: true, site: fetched.feed.site, courses } };
    }),
  );
}

async function describe(
  db: Database,
  coursesDir: string,
  entry: FeedCourse,
  bundle: CourseBundle,
): Promise<Pick<PartnerPreview, 'changes' | 'enrolled' | 'losing'>> {
  const dir = join(coursesDir, entry.id);
  const current = { files: installedFiles(dir), outline: installedOutline(dir, entry.id) };
  const next = { files: bundle.files, outline: bundleOutline(bundle, entry.id) };
  const changes = courseChanges(entry.id, current, next);
  const [row] = await db.select({ n: count() }).from(enrollments).where(eq(enrollments.course, entry.id));
  const { trainees } = await droppedProgress(db, entry.id, current.outline, next.outline);
  return { changes, enrolled: row?.n ?? 0, losing: trainees };
}

/** What installing the partner's current version of `course` would change here. */
export async function previewPartnerCourse(
  db: Database,
  context: PartnerContext,
  host: string,
  course: string,
): Promise<Result<{ preview: PartnerPreview }, PartnerFailure>> {
  const fetched = await fetchPartnerCourse(host, course, context.trustedHosts, await requesterOf(context));
  if (!fetched.ok) return fetched;
  const coursesDir = coursesOf(context);
  const state = localState(coursesDir, fetched.feed.host, fetched.entry);
  const described = await describe(db, coursesDir, fetched.entry, fetched.bundle);
  return {
    ok: true,
    preview: { host: fetched.feed.host, site: fetched.feed.site, entry: fetched.entry, state, ...described },
  };
}

type Fetched = Extract<Awaited<ReturnType<typeof fetchPartnerCourse>>, { ok: true }>;

/**
 * Writes the checked bundle through `importCourse` (staging, validation, atomic swap, the old
 * folder kept). A refusal is a value: the page says the course was refused, the server log says
 * why (file, line and field, for the partner to fix), without anything of the admin's request.
 */
async function install(context: PartnerContext, fetched: Fetched, replace: boolean): Promise<boolean> {
  const data = join(rootOf(context), 'data');
  try {
    await importCourse(coursesOf(context), fetched.bytes, {
      replace,
      keepDir: join(data, 'replaced-courses'),
      stagingDir: join(data, 'course-imports'),
    });
    return true;
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    console.warn(
      `[oqu] partner course refused: "${fetched.entry.id}" version ${fetched.entry.version.slice(0, 12)} from ` +
        `${fetched.feed.host} did not pass the checks of import-course; nothing was installed. ${error.message}`,
    );
    return false;
  }
}

/**
 * Installs the partner's version `version` of `course` (the one the admin previewed: a newer one
 * published since is refused, to be previewed first). `confirm` must be given when trainees would
 * lose progress on dropped lessons. Fetched and checked again here: nothing from the form is trusted.
 */
export async function applyPartnerCourse(
  db: Database,
  actor: Actor,
  context: PartnerContext,
  input: { host: string; course: string; version: string; confirm: boolean },
): Promise<ActionOutcome<{ course?: string }, PartnerFailure | 'feed.applied' | 'feed.already_current'>> {
  const fetched = await fetchPartnerCourse(input.host, input.course, context.trustedHosts, await requesterOf(context));
  if (!fetched.ok) return fetched;
  if (fetched.entry.version !== input.version) return { ok: false, error: 'feed.changed' };
  const coursesDir = coursesOf(context);
  const state = localState(coursesDir, fetched.feed.host, fetched.entry);
  if (state === 'taken') return { ok: false, error: 'feed.name_taken' };
  if (state === 'elsewhere') return { ok: false, error: 'feed.other_origin' };
  if (state === 'current') return { ok: true, message: 'feed.already_current', course: input.course };
  const { losing } = await describe(db, coursesDir, fetched.entry, fetched.bundle);
  if (losing > 0 && !input.confirm) return { ok: false, error: 'feed.confirm' };
  if (!(await install(context, fetched, state === 'update'))) return { ok: false, error: 'feed.refused' };
  await recordAudit(db, actor, 'course.import', input.course, {
    host: fetched.feed.host,
    version: fetched.entry.version,
    update: state === 'update',
  });
  return { ok: true, message: 'feed.applied', course: input.course };
}
