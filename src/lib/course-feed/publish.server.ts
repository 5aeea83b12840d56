/**
 * Publishing the course feed (feed.ts): the shared courses of `courses/`, each with the bundle
 * `oqu export-course` would make of it. A bundle's bytes depend only on the course's files (its
 * `exportedAt` is the time its newest file changed), so the SHA-256 the feed states is the one a
 * partner downloads. Bundles are kept per content version, and the list for a minute, so asking
 * for the feed again reads no course twice.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { findProjectRoot } from '#db/client.ts';
import { BundleError, exportCourse, installedCourseState } from '#lib/courses/bundle.ts';
import { readCourseContents } from '#lib/courses/content-files.ts';
import type { CourseStates } from '#lib/courses/visibility.ts';
import type { SigningKeys } from '#lib/certificates/keys.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { paths } from '#lib/i18n/urls.ts';
import { localize } from '#lib/site/config.ts';
import {
  FEED_FORMAT,
  FEED_FORMAT_VERSION,
  MAX_FEED_COURSES,
  sharesCourse,
  signFeed,
  type FeedCourse,
  type SignedFeed,
} from './feed.ts';

export interface PublishedCourse {
  entry: FeedCourse;
  bytes: Buffer;
}

/** What publishing needs of the site configuration. */
export interface FeedHost {
  baseUrl: string;
  name: Parameters<typeof localize>[0];
  courses: CourseStates;
  locales: { default: Locale; enabled: readonly Locale[] };
}

/** Bundles by course folder and content version; a new version replaces the old one. */
const bundles = new Map<string, { version: string; published: PublishedCourse }>();
let listed: { key: string; at: number; courses: Promise<PublishedCourse[]> } | undefined;
const LIST_TTL_MS = 60_000;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function publishOne(
  coursesDir: string,
  host: FeedHost,
  course: ReturnType<typeof readCourseContents>[number],
): Promise<PublishedCourse | null> {
  const dir = join(coursesDir, course.slug);
  const state = installedCourseState(dir);
  if (!state) return null;
  const kept = bundles.get(dir);
  if (kept?.version === state.version) return kept.published;
  let bytes: Buffer;
  try {
    const from = { site: localize(host.name, host.locales.default), baseUrl: host.baseUrl };
    ({ bytes } = await exportCourse(coursesDir, course.slug, from, state.updated));
  } catch (error) {
    // A course that cannot be exported (errors, too big) is left out of the feed, not the feed out.
    if (error instanceof BundleError) return null;
    throw error;
  }
  const published: PublishedCourse = {
    bytes,
    entry: {
      id: course.slug,
      title: course.data.title,
      version: state.version,
      license: course.data.license,
      languages: course.data.languages ?? [...host.locales.enabled],
      updated: state.updated.toISOString(),
      bundle: { url: `${host.baseUrl}${paths.courseBundle(course.slug)}`, sha256: sha256(bytes), bytes: bytes.length },
    },
  };
  bundles.set(dir, { version: state.version, published });
  return published;
}

/** The courses this host shares, with their bundles (kept a minute: the feed is public). */
export function publishedCourses(
  projectRoot: string,
  host: FeedHost,
  options: { now?: number; ttlMs?: number } = {},
): Promise<PublishedCourse[]> {
  const { now = Date.now(), ttlMs = LIST_TTL_MS } = options;
  const key = `${projectRoot}\0${host.baseUrl}`;
  if (listed?.key === key && now - listed.at < ttlMs) return listed.courses;
  const coursesDir = join(projectRoot, 'courses');
  const courses = (async () => {
    const out: PublishedCourse[] = [];
    for (const course of readCourseContents(coursesDir)) {
      if (!sharesCourse(course.data, course.slug, host)) continue;
      const published = await publishOne(coursesDir, host, course);
      if (published) out.push(published);
      if (out.length >= MAX_FEED_COURSES) break;
    }
    return out;
  })();
  listed = { key, at: now, courses };
  courses.catch(() => (listed = undefined));
  return courses;
}

/** The signed feed of this host's shared courses. */
export async function signedCourseFeed(
  host: FeedHost,
  keys: SigningKeys,
  options: { projectRoot?: string; now?: Date; ttlMs?: number } = {},
): Promise<SignedFeed> {
  const { projectRoot = findProjectRoot(), now = new Date(), ttlMs } = options;
  const courses = await publishedCourses(projectRoot, host, { now: now.getTime(), ttlMs });
  return signFeed(
    {
      format: FEED_FORMAT,
      formatVersion: FEED_FORMAT_VERSION,
      host: host.baseUrl,
      site: localize(host.name, host.locales.default),
      issuedAt: now.toISOString(),
      courses: courses.map((c) => c.entry),
    },
    keys.current,
    host.baseUrl,
  );
}

/** The bundle of a shared course as the feed lists it, or null when the host does not share it. */
export async function sharedBundle(
  host: FeedHost,
  slug: string,
  options: { projectRoot?: string; ttlMs?: number } = {},
): Promise<Buffer | null> {
  const courses = await publishedCourses(options.projectRoot ?? findProjectRoot(), host, { ttlMs: options.ttlMs });
  return courses.find((c) => c.entry.id === slug)?.bytes ?? null;
}
