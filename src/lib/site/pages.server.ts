/** Reads the partner's pages folder (decision 026): `<page>.<language>.md`, e.g. `privacy.kk.md`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { LOCALES } from '#lib/i18n/locales.ts';
import { siteConfigPath } from './config.ts';
import { parsePageFileName, type PageTexts, type SitePage } from './pages.ts';

/** The folder of the partner's pages: `pages` (or the configured folder) beside the configuration file. */
export function sitePagesDir(projectRoot: string, setting = 'pages'): string {
  return isAbsolute(setting) ? setting : join(dirname(siteConfigPath(projectRoot)), setting);
}

/** Every page the partner wrote, by page and language; other files in the folder are ignored. */
export function readPartnerPages(dir: string): Record<SitePage, PageTexts> {
  const pages: Record<SitePage, PageTexts> = { about: {}, privacy: {}, terms: {} };
  if (!existsSync(dir)) return pages;
  for (const file of readdirSync(dir)) {
    const found = parsePageFileName(file, LOCALES);
    if (found) pages[found.page][found.locale] = readFileSync(join(dir, file), 'utf8');
  }
  return pages;
}
