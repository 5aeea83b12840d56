import { isLocale, type Locale } from '#lib/i18n/locales.ts';
import { useTranslations } from '#lib/i18n/t.ts';

/** The course and language of the lesson a component is rendered in (set by the lesson page). */
export function lessonContext(
  locals: App.Locals,
  url: URL,
): { course: string; locale: Locale; t: ReturnType<typeof useTranslations> } {
  const [, first, , course] = url.pathname.split('/');
  const locale = locals.lesson?.locale ?? (isLocale(first) ? first : 'en');
  return { course: locals.lesson?.course ?? course ?? '', locale, t: useTranslations(locale) };
}
