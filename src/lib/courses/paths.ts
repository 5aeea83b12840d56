import { isLocale, type Locale } from '#lib/i18n/locales.ts';

/** Where a lesson file sits: `<course>/<NN-module>/<NN-lesson>.<locale>.mdx`. */
export interface LessonPath {
  course: string;
  module: string;
  /** Position within the module, from the NN prefix. */
  order: number;
  /** The lesson's id in URLs and progress rows: the file name without NN- and locale. */
  slug: string;
  locale: Locale;
}

const LESSON_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2})(?:\.mdx)?$/;

/**
 * Reads a lesson's place from its path relative to `courses/`. Returns a message naming the
 * expected shape when the path does not follow it.
 */
export function parseLessonPath(relative: string): LessonPath | { error: string } {
  const parts = relative.replace(/\\/g, '/').split('/');
  if (parts.length !== 3) {
    return { error: 'a lesson lives at <course>/<NN-module>/<NN-lesson>.<locale>.mdx' };
  }
  const [course, module, file] = parts as [string, string, string];
  if (!/^\d{2}-[a-z0-9-]+$/.test(module)) {
    return { error: `module folder "${module}" should be named NN-name, e.g. "01-foundations"` };
  }
  const match = LESSON_FILE.exec(file);
  if (!match) {
    return {
      error: `lesson file "${file}" should be named NN-name.<locale>.mdx, e.g. "01-what-is-a-social-enterprise.kk.mdx"`,
    };
  }
  const [, order, slug, locale] = match as unknown as [string, string, string, string];
  if (!isLocale(locale)) {
    return { error: `"${locale}" in "${file}" is not a language Oqu knows; use kk, ru or en` };
  }
  return { course, module, order: Number(order), slug, locale };
}
