/**
 * A course package downloaded from the trainer's course page: SCORM 1.2, SCORM 2004 or Common
 * Cartridge 1.1 in one language, made from the built site on request (as `oqu export-course`
 * makes it), rate-limited per account since each one reads and zips the whole course.
 */
import { findProjectRoot, type Database } from '#db/client.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import type { Result } from '#lib/result.ts';
import { ExportError, MissingFileError } from './built-course.server.ts';
import { exportCommonCartridge } from './cc-package.server.ts';
import { packageFileName, type PackageRequest } from './package-name.ts';
import { exportScorm } from './scorm-package.server.ts';

export interface CoursePackage {
  bytes: Buffer;
  fileName: string;
}

/**
 * The package, or why not: too many downloads lately, the site is not built, or a lesson links a
 * course file the build lacks (each message says what to do). `root`: the project, for tests.
 */
export async function downloadCoursePackage(
  db: Database,
  input: PackageRequest & { userId: string; course: string; baseUrl: string; site: string },
  now: Date = new Date(),
  root: string = findProjectRoot(),
): Promise<Result<CoursePackage, 'exchange.rate_limited' | 'exchange.not_built' | 'exchange.missing_file'>> {
  const verdict = await consumeRateLimits(db, [[RATE_LIMITS.coursePackage, input.userId]], now);
  if (!verdict.allowed)
    return { ok: false, error: 'exchange.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  try {
    const { bytes } =
      input.format === 'cc'
        ? await exportCommonCartridge(root, input.course, input.language, { baseUrl: input.baseUrl, site: input.site })
        : await exportScorm(root, input.course, input.language, { baseUrl: input.baseUrl, version: input.format });
    return { ok: true, bytes, fileName: packageFileName(input.course, input) };
  } catch (error) {
    if (error instanceof MissingFileError) return { ok: false, error: 'exchange.missing_file' };
    if (error instanceof ExportError) return { ok: false, error: 'exchange.not_built' };
    throw error;
  }
}
