import { isLocale, type Locale } from '#lib/i18n/locales.ts';
import type { Params } from '#lib/i18n/t.ts';
import { authorText } from './author-messages.ts';

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

/** Why a path is not a lesson's: the English text, and its author message with values for validate. */
export interface LessonPathError {
  error: string;
  /** `validate.author.<name>` in the i18n dictionaries. */
  message: string;
  vars: Params;
}

function pathError(message: string, vars: Params = {}): LessonPathError {
  return { error: authorText(message, vars), message, vars };
}

/**
 * Reads a lesson's place from its path relative to `courses/`. Returns a message naming the
 * expected shape when the path does not follow it.
 */
export function parseLessonPath(relative: string): LessonPath | LessonPathError {
  const parts = relative.replace(/\\/g, '/').split('/');
  if (parts.length !== 3) {
    return pathError('lesson_path');
  }
  const [course, module, file] = parts as [string, string, string];
  if (!/^\d{2}-[a-z0-9-]+$/.test(module)) {
    return pathError('lesson_module_folder', { module });
  }
  const match = LESSON_FILE.exec(file);
  if (!match) {
    return pathError('lesson_file_name', { file });
  }
  const [, order, slug, locale] = match as unknown as [string, string, string, string];
  if (!isLocale(locale)) {
    return pathError('lesson_locale', { locale, file });
  }
  return { course, module, order: Number(order), slug, locale };
}
