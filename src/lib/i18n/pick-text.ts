/**
 * The one way to show a text an author wrote per language (a course title, a quiz question, a
 * site name): the reader's language when it is there, else the next language of the reader's
 * chain (`readerChain`), never an empty string because one translation is missing. A course
 * needs only the languages it and the site require (decision 020); the rest falls back here.
 */
import { LOCALES, type Locale } from './locales.ts';

/** A value per language, some languages possibly missing: `{ kk: ..., ru: ... }`. */
export type Localized<T> = Readonly<Partial<Record<Locale, T>>>;

/** What a reader sees, in which language, and whether that is not their own. */
export interface Picked<T> {
  value: T;
  locale: Locale;
  /** True when the value is in another language than the reader's (show a notice or `lang`). */
  fallback: boolean;
}

function present(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null;
}

/**
 * The value a reader of `locale` sees, trying `chain` in order (the reader's chain, which starts
 * with their language), then any language at all. Undefined only when no language has one.
 */
export function pickLocalized<T>(
  value: Localized<T> | undefined,
  locale: Locale,
  chain: readonly Locale[],
): Picked<T> | undefined {
  if (!value) return undefined;
  for (const candidate of [locale, ...chain, ...LOCALES]) {
    const found = value[candidate];
    if (present(found)) return { value: found as T, locale: candidate, fallback: candidate !== locale };
  }
  return undefined;
}

/**
 * The text a reader of `locale` sees. A plain string (a site text that is the same in every
 * language) is returned as it is; a missing text gives ''.
 */
export function pickText(
  text: string | Localized<string> | undefined,
  locale: Locale,
  chain: readonly Locale[],
): string {
  if (typeof text === 'string') return text;
  return pickLocalized(text, locale, chain)?.value ?? '';
}

/** The list (accepted answers, outcomes) a reader of `locale` sees; [] when none is written. */
export function pickList<T>(
  list: Localized<readonly T[]> | undefined,
  locale: Locale,
  chain: readonly Locale[],
): readonly T[] {
  return pickLocalized(list, locale, chain)?.value ?? [];
}

/** The `lang` attribute a picked text needs: its language when it is not the reader's, else none. */
export function fallbackLang(picked: Picked<unknown> | undefined): Locale | undefined {
  return picked?.fallback ? picked.locale : undefined;
}

/** The language to name in the fallback notice: the first of `picked` shown in another language. */
export function shownInstead(picked: readonly (Picked<unknown> | undefined)[]): Locale | undefined {
  return picked.find((p) => p?.fallback)?.locale;
}
