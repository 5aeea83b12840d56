/**
 * UI text. Each language has one flat dictionary of dotted keys (`course.enrol`) in
 * `src/lib/i18n/<locale>.json`; English is the reference, and a test fails when another
 * language lacks one of its keys.
 */
import en from './en.json' with { type: 'json' };
import kk from './kk.json' with { type: 'json' };
import ru from './ru.json' with { type: 'json' };
import type { Locale } from './locales.ts';

export type MessageKey = keyof typeof en;
export type Params = Record<string, string | number>;

export const dictionaries: Record<Locale, Record<string, string>> = { kk, ru, en };

/** Replaces `{name}` placeholders with values. */
function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The text for `key` in `locale`, falling back to English if a translation slipped through. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return fill(dictionaries[locale][key] ?? en[key], params);
}

/** A `t()` bound to one language, for templates. */
export function useTranslations(locale: Locale): (key: MessageKey, params?: Params) => string {
  return (key, params) => translate(locale, key, params);
}
