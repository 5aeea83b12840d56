import { completeLocales, type CatalogCourse } from './catalog.ts';
import { LOCALES, readerChain, type Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';

export interface CatalogueFilters {
  /** A field id of the site's `fields`. */
  field?: string;
  language?: Locale;
}

/** Reads `?field=&lang=` from the catalogue URL; unknown values (not among `fields`) mean "no filter". */
export function parseCatalogueFilters(
  params: URLSearchParams,
  enabled: readonly Locale[],
  fields: readonly string[],
): CatalogueFilters {
  const field = params.get('field');
  const language = params.get('lang');
  return {
    field: fields.find((f) => f === field),
    language: enabled.find((l) => l === language),
  };
}

/** Courses matching the filters, each with the languages it is fully written in, by title. */
export function filterCatalogue(
  courses: CatalogCourse[],
  filters: CatalogueFilters,
  enabled: readonly Locale[],
  locale: Locale,
  chain: readonly Locale[] = readerChain(LOCALES, locale),
): (CatalogCourse & { languages: Locale[] })[] {
  return courses
    .map((c) => ({ ...c, languages: completeLocales(c, enabled) }))
    .filter((c) => !filters.field || c.data.field === filters.field)
    .filter((c) => !filters.language || c.languages.includes(filters.language))
    .sort((a, b) => pickText(a.data.title, locale, chain).localeCompare(pickText(b.data.title, locale, chain), locale));
}
