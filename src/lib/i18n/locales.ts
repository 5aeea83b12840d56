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

/**
 * The site's `locales.fallback` setting: one order for every reader, or an order per reader's
 * language (an English reader in Almaty reads Russian before Kazakh).
 */
export type FallbackSetting = readonly Locale[] | Readonly<Partial<Record<Locale, readonly Locale[]>>>;

/**
 * The order in which a reader of `locale` is shown translations: their own language, then the
 * chain the site sets for them (or the one chain for everybody), then any language left, so a
 * text written in some language is always found.
 */
export function readerChain(setting: FallbackSetting, locale: Locale): Locale[] {
  const chain = isLocaleList(setting) ? setting : (setting[locale] ?? LOCALES);
  return [...new Set([...fallbackOrder(locale, chain), ...LOCALES])];
}

function isLocaleList(setting: FallbackSetting): setting is readonly Locale[] {
  return Array.isArray(setting);
}
