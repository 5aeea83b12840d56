/** The languages Oqu ships with. A partner enables a subset in the site config. */
export const LOCALES = ['kk', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Native names, shown in the language switcher whatever the page's language. */
export const LOCALE_NAMES: Record<Locale, string> = {
  kk: 'Қазақша',
  ru: 'Русский',
  en: 'English',
};

/**
 * The order in which to try translations for a reader of `locale`: the reader's own
 * language first, then the configured fallback chain without repeats.
 */
export function fallbackOrder(locale: Locale, chain: readonly Locale[]): Locale[] {
  return [locale, ...chain.filter((l) => l !== locale)];
}
