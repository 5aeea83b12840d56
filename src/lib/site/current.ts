import type { SiteConfig } from './config.ts';
import { readerChain, type Locale } from '#lib/i18n/locales.ts';

/** This copy's configuration, checked and embedded at build time. */
export const site: SiteConfig = __OQU_SITE__;

export const enabledLocales: Locale[] = site.locales.enabled;

/**
 * The order of languages a reader of `locale` is shown (their own first, then the site's
 * `locales.fallback` for them): give it to `pickText`, `pickTranslation` and `lessonQuiz`.
 */
export function chainFor(locale: Locale): Locale[] {
  return readerChain(site.locales.fallback, locale);
}
