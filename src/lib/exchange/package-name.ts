/**
 * The packages of a course a trainer can download for another LMS (the trainer's course page):
 * SCORM 1.2, SCORM 2004 and Common Cartridge 1.1, each in one language. Named in the URL as
 * `<format>-<language>` (`scorm12-kk`).
 */
import { isLocale, type Locale } from '#lib/i18n/locales.ts';

export const PACKAGE_FORMATS = ['scorm12', 'scorm2004', 'cc'] as const;
export type PackageFormat = (typeof PACKAGE_FORMATS)[number];

export interface PackageRequest {
  format: PackageFormat;
  language: Locale;
}

/** The request a URL segment names, or null when it names none. */
export function parsePackageName(raw: string | undefined): PackageRequest | null {
  const match = /^(scorm12|scorm2004|cc)-([a-z]{2})$/.exec(raw ?? '');
  if (!match || !isLocale(match[2])) return null;
  return { format: match[1] as PackageFormat, language: match[2] };
}

/** The URL segment of a request. */
export function packageName(request: PackageRequest): string {
  return `${request.format}-${request.language}`;
}

/** The downloaded file's name: `urbanism-kk.scorm12.zip`, `urbanism-kk.imscc`. */
export function packageFileName(course: string, request: PackageRequest): string {
  return request.format === 'cc'
    ? `${course}-${request.language}.imscc`
    : `${course}-${request.language}.${request.format}.zip`;
}
