import type { Locale } from './locales.ts';

/** Canonical paths of the public routes (see design.md, "Routes"). */
export const paths = {
  catalogue: (locale: Locale): string => `/${locale}/`,
  course: (locale: Locale, course: string): string => `/${locale}/courses/${course}/`,
  lesson: (locale: Locale, course: string, lesson: string): string => `/${locale}/courses/${course}/${lesson}/`,
  search: (locale: Locale): string => `/${locale}/search/`,
  register: (locale: Locale): string => `/${locale}/register`,
  login: (locale: Locale): string => `/${locale}/login`,
  logout: (locale: Locale): string => `/${locale}/logout`,
  account: (locale: Locale): string => `/${locale}/account`,
  forgotPassword: (locale: Locale): string => `/${locale}/forgot-password`,
  resetPassword: (locale: Locale): string => `/${locale}/reset-password`,
  trainer: (locale: Locale): string => `/${locale}/trainer/`,
  admin: (locale: Locale): string => `/${locale}/admin/`,
  lessonDone: (locale: Locale, course: string, lesson: string): string => `/${locale}/courses/${course}/${lesson}/done`,
  quizSubmit: (locale: Locale, course: string, lesson: string): string => `/${locale}/courses/${course}/${lesson}/quiz`,
  courseAsset: (course: string, file: string): string => `/course-assets/${course}/${file}`,
};

/** Picks the best enabled language from an Accept-Language header. */
export function negotiateLocale(header: string | null, enabled: readonly Locale[], fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    const match = enabled.find((l) => l === base);
    if (match) return match;
  }
  return fallback;
}
