import { isLocale, type Locale } from './locales.ts';
import { enabledLocales } from '../site/current.ts';

/** The `[locale]` segment of a server-rendered route when it is an enabled language. */
export function routeLocale(value: string | undefined): Locale | undefined {
  return isLocale(value) && enabledLocales.includes(value) ? value : undefined;
}
