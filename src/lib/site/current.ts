import type { SiteConfig } from './config.ts';
import type { Locale } from '#lib/i18n/locales.ts';

/** This copy's configuration, checked and embedded at build time. */
export const site: SiteConfig = __OQU_SITE__;

export const enabledLocales: Locale[] = site.locales.enabled;
export const fallbackChain: Locale[] = site.locales.fallback;
