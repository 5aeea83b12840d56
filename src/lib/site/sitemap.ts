/**
 * `sitemap.xml` and `robots.txt` (decision 026): every public page in every enabled language,
 * at the site's public address, each entry with its other languages as hreflang alternates;
 * search engines are kept out of the account, admin and trainer areas.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { paths } from '#lib/i18n/urls.ts';
import { SITE_PAGES } from './pages.ts';

/** What the sitemap needs of a course: its slug and its lessons' slugs. */
export interface SitemapCourse {
  slug: string;
  lessons: readonly { slug: string }[];
}

/** One public page: its path in each enabled language. */
type PageByLocale = (locale: Locale) => string;

/** The public pages, each a function of the language (sign-in and forms are left out: nothing to index). */
export function publicPages(courses: readonly SitemapCourse[]): PageByLocale[] {
  return [
    paths.catalogue,
    ...SITE_PAGES.map((page) => (l: Locale) => paths.sitePage(l, page)),
    ...courses.flatMap((c) => [
      (l: Locale) => paths.course(l, c.slug),
      ...c.lessons.map((lesson) => (l: Locale) => paths.lesson(l, c.slug, lesson.slug)),
    ]),
  ];
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The sitemap (sitemaps.org 0.9, with xhtml:link alternates per language). */
export function sitemapXml(baseUrl: string, locales: readonly Locale[], courses: readonly SitemapCourse[]): string {
  const url = (path: string) => escapeXml(new URL(path, baseUrl).href);
  const entries = publicPages(courses).flatMap((page) =>
    locales.map((locale) => {
      const alternates = locales.map((l) => `    <xhtml:link rel="alternate" hreflang="${l}" href="${url(page(l))}"/>`);
      return `  <url>\n    <loc>${url(page(locale))}</loc>\n${alternates.join('\n')}\n  </url>`;
    }),
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' +
    `${entries.join('\n')}\n</urlset>\n`
  );
}

/** robots.txt: everything public may be crawled except the personal and staff areas, which need a sign-in anyway. */
export function robotsTxt(baseUrl: string, locales: readonly Locale[]): string {
  const areas = locales.flatMap((l) => [
    paths.account(l),
    paths.admin(l),
    paths.trainer(l),
    paths.login(l),
    paths.register(l),
    paths.forgotPassword(l),
    paths.resetPassword(l),
    paths.join(l, ''),
  ]);
  return [
    'User-agent: *',
    ...areas.map((a) => `Disallow: ${a}`),
    '',
    `Sitemap: ${new URL(paths.sitemap(), baseUrl).href}`,
    '',
  ].join('\n');
}
