import { isLocale, type Locale } from './locales.ts';
import { enabledLocales, site } from '../site/current.ts';
import { negotiateLocale } from './urls.ts';

/** The `[locale]` segment of a server-rendered route when it is an enabled language. */
export function routeLocale(value: string | undefined): Locale | undefined {
  return isLocale(value) && enabledLocales.includes(value) ? value : undefined;
}

/** For pages without a language in their address (/verify): `?lang=`, else the browser's language. */
export function visitorLocale(url: URL, headers: Headers): Locale {
  return routeLocale(url.searchParams.get('lang') ?? undefined) ?? negotiateLocale(headers.get('accept-language'), enabledLocales, site.locales.default);
}
