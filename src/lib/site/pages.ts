/**
 * The partner's own pages (about, privacy, terms), written in Markdown per language
 * (decision 026), rendered by the one Markdown renderer for people's text (raw HTML shown as
 * text, only http(s) and mailto links, sanitised), so a page can hold no script.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { renderMarkdown } from '#lib/markdown/render.ts';

export const SITE_PAGES = ['about', 'privacy', 'terms'] as const;
export type SitePage = (typeof SITE_PAGES)[number];

/** Texts of one page by language (the partner's, or Oqu's defaults). */
export type PageTexts = Partial<Record<Locale, string>>;

/**
 * A page's body as safe HTML, and its title: the text's opening `# Title` line when it has one
 * (taken out of the body, to be the page's h1).
 */
export function renderSitePage(text: string): { title: string | undefined; html: string } {
  const lines = text.replace(/\r\n?/g, '\n').trimStart().split('\n');
  const title = /^#\s+(.+?)\s*#*\s*$/.exec(lines[0] ?? '')?.[1];
  return { title, html: renderMarkdown(title ? lines.slice(1).join('\n') : text, 'page') };
}

/** Fills `{name}`-style placeholders of the default pages; unknown ones stay as written. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The text a reader of `chain[0]` gets: the partner's page in the first language of the chain
 * they wrote it in (their page is their word, so it wins over Oqu's default in the reader's own
 * language), else the default in that order. `lang` is the language of the text chosen.
 */
export function choosePageText(
  partner: PageTexts,
  defaults: PageTexts,
  chain: readonly Locale[],
): { text: string; lang: Locale; partner: boolean } | undefined {
  for (const [texts, own] of [
    [partner, true],
    [defaults, false],
  ] as const) {
    const lang = chain.find((l) => texts[l]);
    if (lang) return { text: texts[lang]!, lang, partner: own };
  }
  return undefined;
}

/** Splits `privacy.kk.md` into its page and language, or undefined for any other file name. */
export function parsePageFileName(
  file: string,
  locales: readonly Locale[],
): { page: SitePage; locale: Locale } | undefined {
  const m = /^([a-z]+)\.([a-z]{2})\.md$/.exec(file);
  const page = SITE_PAGES.find((p) => p === m?.[1]);
  const locale = locales.find((l) => l === m?.[2]);
  return page && locale ? { page, locale } : undefined;
}
