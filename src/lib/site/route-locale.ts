/**
 * Which language a request is answered in, among the languages this copy enables. Here rather
 * than in i18n/ because it reads the site config, and the config already reads i18n/.
 */
import { isLocale, type Locale } from '#lib/i18n/locales.ts';
import { negotiateLocale } from '#lib/i18n/urls.ts';
import { enabledLocales, site } from './current.ts';

/** The `[locale]` segment of a server-rendered route when it is an enabled language. */
export function routeLocale(value: string | undefined): Locale | undefined {
  return isLocale(value) && enabledLocales.includes(value) ? value : undefined;
}

/** For pages without a language in their address (/verify): `?lang=`, else the browser's language. */
export function visitorLocale(url: URL, headers: Headers): Locale {
  return (
    routeLocale(url.searchParams.get('lang') ?? undefined) ??
    negotiateLocale(headers.get('accept-language'), enabledLocales, site.locales.default)
  );
}

/**
 * The language of a request: its `[locale]` segment when the route has one (undefined when that
 * segment names no enabled language, which the route answers with 404), else the visitor's.
 */
export function requestLocale(
  params: Record<string, string | undefined>,
  url: URL,
  headers: Headers,
): Locale | undefined {
  return 'locale' in params ? routeLocale(params.locale) : visitorLocale(url, headers);
}
