/**
 * The partner's site configuration: one YAML file (`oqu.config.yaml`, or the file named by
 * `OQU_CONFIG`) that makes a regional copy its own. Read and checked when the site is built
 * and when the server starts; a bad value stops both with a message naming the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { LOCALES, type FallbackSetting, type Locale } from '#lib/i18n/locales.ts';
import { pickText, type Localized } from '#lib/i18n/pick-text.ts';
import { colorProblems, HEX_COLOUR } from './theme.ts';

const locale = z.enum(LOCALES);

/** A partner's origin over HTTPS, or over plain HTTP on this machine's loopback (for tests). */
export function isTrustedHostAddress(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return (
    url.protocol === 'http:' &&
    (url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname))
  );
}

const chain = z.array(locale).min(1, 'list at least one language');
const FALLBACK_HINT =
  "write one list, e.g. [kk, ru, en], or a list per reader's language, e.g. { en: [en, ru, kk], kk: [kk, ru, en], " +
  'ru: [ru, kk, en] }';

/** `locales.fallback`: one chain, or a chain per reader's language (decision 020). */
const fallbackSetting = z.unknown().transform((value, ctx): FallbackSetting => {
  const isMap = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!Array.isArray(value) && !isMap) {
    ctx.addIssue({ code: 'custom', message: FALLBACK_HINT });
    return z.NEVER;
  }
  const parsed = (isMap ? z.partialRecord(locale, chain) : chain).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown language(s) ${issue.keys.join(', ')}: ${FALLBACK_HINT}`
        : issue.message;
    ctx.addIssue({ code: 'custom', path: issue.path, message });
  }
  return z.NEVER;
});

/**
 * A text that is the same in every language, or one per language: the languages the site
 * enables are required (checked below), others are optional.
 */
const text = z.union([
  z.string().trim().min(1),
  z.object({ kk: z.string().min(1).optional(), ru: z.string().min(1).optional(), en: z.string().min(1).optional() }),
]);

/** The per-language texts of the configuration, by their path. */
function configTexts(c: {
  name: unknown;
  region: unknown;
  partner: { name: unknown };
  contact: { address?: unknown };
  certificate: { signatoryTitle: unknown };
  tagline?: unknown;
  footer?: unknown;
}) {
  return [
    [['name'], c.name],
    [['region'], c.region],
    [['partner', 'name'], c.partner.name],
    [['contact', 'address'], c.contact.address],
    [['certificate', 'signatoryTitle'], c.certificate.signatoryTitle],
    [['tagline'], c.tagline],
    [['footer'], c.footer],
  ] as const;
}

export const siteConfigSchema = z
  .object({
    /** The site's name, shown in the header and page titles. */
    name: text,
    /** The region this copy serves, e.g. "Almaty" or "Turkistan region". */
    region: text,
    /** The organisation running this copy. */
    partner: z.object({
      name: text,
      url: z.url().optional(),
    }),
    /** A logo under public/, e.g. /branding/logo.svg. */
    logo: z
      .string()
      .regex(/^\/[^\s]+\.(svg|png|jpe?g|webp)$/, 'a path under public/, e.g. /branding/logo.svg')
      .optional(),
    /** The site's icon under public/ (`.svg`, `.png` or `.ico`); Oqu's own when left out. */
    favicon: z
      .string()
      .regex(/^\/[^\s]+\.(svg|png|ico)$/i, 'a path under public/, e.g. /branding/favicon.png')
      .optional(),
    /** Colours, `#rrggbb` (decision 026): each pair is checked for WCAG AA contrast at start-up. */
    colors: z
      .object({
        /** Header, buttons and links (on the white page). */
        brand: z.string().regex(HEX_COLOUR, 'a colour like #0b5d4b').optional(),
        /** Text on the brand colour; chosen (white or dark) when left out. */
        brandText: z.string().regex(HEX_COLOUR, 'a colour like #ffffff').optional(),
        /** The keyboard focus outline and highlights. */
        accent: z.string().regex(HEX_COLOUR, 'a colour like #8a5a00').optional(),
      })
      .default({}),
    /** One line under the site's name in search results and the catalogue (Oqu's own when left out). */
    tagline: text.optional(),
    /** An extra line in every page's footer, e.g. a licence or a registration number. */
    footer: text.optional(),
    /** Public address of the site (used in links, certificates and search). */
    baseUrl: z.url().refine((u) => !u.endsWith('/'), 'leave off the trailing slash'),
    locales: z.object({
      /** Where `/` sends a visitor whose browser language is not enabled. */
      default: locale,
      /** Languages offered on this copy. */
      enabled: z.array(locale).min(1),
      /**
       * The order in which to look for a translation that is missing: one list for every reader
       * (`[kk, ru, en]`), or a list per reader's language (`{ en: [en, ru, kk], kk: [kk, ru, en],
       * ru: [ru, kk, en] }`). The reader's own language always comes first.
       */
      fallback: fallbackSetting.default(['kk', 'ru', 'en']),
    }),
    contact: z.object({
      email: z.email(),
      phone: z.string().optional(),
      address: text.optional(),
    }),
    /** Who signs certificates issued by this copy. */
    certificate: z.object({
      signatoryName: z.string().trim().min(1),
      signatoryTitle: text,
    }),
    /**
     * Other Oqu hosts whose credentials the verify page checks (their public address, e.g.
     * https://oqu.turkistan.kz). Credentials from any other host are refused as untrusted.
     * HTTPS only, so nobody on the way can swap a partner's keys; plain http is accepted for
     * a loopback address (127.x, ::1, localhost), which tests use.
     */
    trustedHosts: z
      .array(
        z
          .url()
          .refine((u) => !u.endsWith('/'), 'leave off the trailing slash')
          .refine(
            isTrustedHostAddress,
            'use the https:// address of the host, with no path (http:// only for a loopback address in tests)',
          ),
      )
      .default([]),
  })
  .superRefine((c, ctx) => {
    if (!c.locales.enabled.includes(c.locales.default)) {
      ctx.addIssue({
        code: 'custom',
        path: ['locales', 'default'],
        message: `"${c.locales.default}" is not among the enabled languages (${c.locales.enabled.join(', ')})`,
      });
    }
    for (const [path, value] of configTexts(c)) {
      if (typeof value !== 'object' || value === null) continue;
      for (const l of c.locales.enabled.filter((e) => !(value as Record<string, unknown>)[e])) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, l],
          message: `the ${l} text is missing: the site enables ${l}`,
        });
      }
    }
    for (const [field, message] of colorProblems(c.colors))
      ctx.addIssue({ code: 'custom', path: ['colors', field], message });
    const { fallback } = c.locales;
    if (!Array.isArray(fallback)) {
      for (const l of c.locales.enabled.filter((e) => !(e in fallback))) {
        ctx.addIssue({
          code: 'custom',
          path: ['locales', 'fallback'],
          message:
            `no order for ${l} readers: add "${l}: [${[l, ...LOCALES.filter((o) => o !== l)].join(', ')}]", ` +
            `or write one list for everybody`,
        });
      }
    }
  });

export type SiteConfig = z.infer<typeof siteConfigSchema>;

export class SiteConfigError extends Error {}

/** Path of the configuration file for a project root. */
export function siteConfigPath(projectRoot: string): string {
  const override = process.env.OQU_CONFIG;
  if (override) return isAbsolute(override) ? override : join(projectRoot, override);
  return join(projectRoot, 'oqu.config.yaml');
}

/** Checks parsed YAML against the schema; throws a SiteConfigError naming every bad field. */
export function parseSiteConfig(raw: unknown, file: string, publicDir?: string): SiteConfig {
  const parsed = siteConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new SiteConfigError(
      `Site configuration ${file} is not valid:\n${lines.join('\n')}\nFix it and start again (see README, ` +
        `"Configuration").`,
    );
  }
  for (const field of ['logo', 'favicon'] as const) {
    const path = parsed.data[field];
    if (publicDir && path && !existsSync(join(publicDir, path))) {
      throw new SiteConfigError(`Site configuration ${file} is not valid:\n  - ${field}: no file public${path}`);
    }
  }
  return parsed.data;
}

/** Reads and checks the site configuration of a project. */
export function loadSiteConfigFile(projectRoot: string): SiteConfig {
  const file = siteConfigPath(projectRoot);
  if (!existsSync(file))
    throw new SiteConfigError(`Site configuration ${file} is missing: copy oqu.config.yaml from the repository.`);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length > 0) {
    throw new SiteConfigError(`Site configuration ${file} is not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
  }
  return parseSiteConfig(doc.toJS(), file, join(projectRoot, 'public'));
}

/**
 * Picks a configured text for a reader of `locale` (through `pickText`, like every text written
 * per language); `chain` is the reader's chain (`readerChain`), every language by default.
 */
export function localize(
  value: string | Localized<string>,
  locale: Locale,
  chain: readonly Locale[] = LOCALES,
): string {
  return pickText(value, locale, chain);
}
