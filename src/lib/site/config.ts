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
import { closest } from '#lib/courses/nearest.ts';
import { DEFAULT_FIELDS } from '#lib/courses/fields.ts';

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
const TEXT_HINT = 'write one text, or a text per language, e.g. { kk: …, ru: … }';
/** A language's text; left empty (`en:` with nothing after it) it counts as absent. */
const languageText = z
  .string()
  .trim()
  .nullish()
  .transform((v) => v || undefined);
const text = z.union(
  [z.string().trim().min(1), z.strictObject({ kk: languageText, ru: languageText, en: languageText })],
  { error: TEXT_HINT },
);

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

/** `certificate.languages`: one or two entries, each a language or `holder`. */
const certificateLanguages = z
  .array(z.enum([...LOCALES, 'holder']), { error: 'a list like [kk, holder] (languages, or holder)' })
  .min(1, 'list at least one language, e.g. [kk, holder]')
  .max(2, 'a certificate carries at most two languages, e.g. [kk, ru]');

/** An id written in course files: lowercase latin letters, digits and hyphens. */
const fieldId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an id like urbanism or green-economy');

/** A course's folder name in courses/. */
const courseFolder = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a course folder name, e.g. urban-mobility');

/**
 * Every object of the configuration is strict: an unknown key (a mistyped `trustedhosts:`) is
 * refused, with the nearest known key, rather than silently ignored.
 */
export const siteConfigSchema = z
  .strictObject({
    /** The site's name, shown in the header and page titles. */
    name: text,
    /** The region this copy serves, e.g. "Almaty" or "Turkistan region". */
    region: text,
    /** The organisation running this copy. */
    partner: z.strictObject({
      name: text,
      /** Linked from every page's footer: http or https only. */
      url: z.url({ protocol: /^https?$/, error: 'give a web address starting with http:// or https://' }).optional(),
    }),
    /** A logo under public/, e.g. /branding/logo.svg. */
    logo: z
      .string()
      .regex(/^\/[^\s]+\.(svg|png|jpe?g|webp)$/i, 'a path under public/, e.g. /branding/logo.png')
      .optional(),
    /** The site's icon under public/ (`.svg`, `.png` or `.ico`); Oqu's own when left out. */
    favicon: z
      .string()
      .regex(/^\/[^\s]+\.(svg|png|ico)$/i, 'a path under public/, e.g. /branding/favicon.png')
      .optional(),
    /** Colours, `#rrggbb` (decision 026): each pair is checked for WCAG AA contrast at start-up. */
    colors: z
      .strictObject({
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
    /**
     * The folder of the partner's about, privacy and terms pages (`privacy.kk.md`, …), beside
     * the configuration file unless absolute; Oqu's own text for a page written in no language.
     */
    pages: z.string().trim().min(1).default('pages'),
    /**
     * Courses this copy keeps without offering them (decision 030), by folder name. `hidden`:
     * left out of the catalogue, search and sitemap, still open to anyone with the address and
     * to trainees already enrolled. `archived`: left out the same way and takes no new
     * enrolments; trainees already enrolled keep reading and finishing it. Both keep their
     * enrolments, certificates and history in the reports.
     */
    courses: z
      .strictObject({
        hidden: z.array(courseFolder).default([]),
        archived: z.array(courseFolder).default([]),
      })
      .default({ hidden: [], archived: [] }),
    /**
     * The programme fields courses belong to (`field:` of course.yaml), in the order the catalogue
     * filter lists them: an id and a title in every enabled language. The starter curriculum's
     * three (social entrepreneurship, creative industries, urbanism) unless told.
     */
    fields: z
      .array(z.strictObject({ id: fieldId, title: text }))
      .min(1, 'list at least one field')
      .default(DEFAULT_FIELDS),
    /** Public address of the site (used in links, certificates and search). */
    baseUrl: z.url().refine((u) => !u.endsWith('/'), 'leave off the trailing slash'),
    locales: z.strictObject({
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
    /** Shown in every page's footer; the e-mail also in the issuer profile of credentials. */
    contact: z.strictObject({
      email: z.email(),
      phone: z.string().trim().min(1).optional(),
      address: text.optional(),
    }),
    /** Who signs certificates issued by this copy. */
    certificate: z.strictObject({
      signatoryName: z.string().trim().min(1),
      signatoryTitle: text,
      /**
       * The languages a certificate is printed in, first on top (decision 048): languages and
       * `holder` (the holder's own language); a language named twice is printed once. Kazakh,
       * the state language, plus the holder's language when different, unless told.
       */
      languages: certificateLanguages.default(['kk', 'holder']),
    }),
    /**
     * Other Oqu hosts whose credentials the verify page checks and whose shared courses the
     * admin page "Courses from partners" offers (their public address, e.g.
     * https://oqu.turkistan.kz), and the only hosts given this host's course bundles (decision 060).
     * Credentials and courses from any other host are refused as untrusted.
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
    c.fields.forEach((field, i) => {
      if (c.fields.findIndex((f) => f.id === field.id) < i)
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'id'], message: `"${field.id}" is listed twice` });
      if (typeof field.title !== 'object') return;
      for (const l of c.locales.enabled.filter((e) => !(field.title as Record<string, unknown>)[e]))
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'title', l],
          message: `the ${l} text is missing: the site enables ${l}`,
        });
    });
    for (const both of c.courses.hidden.filter((slug) => c.courses.archived.includes(slug))) {
      ctx.addIssue({
        code: 'custom',
        path: ['courses', 'hidden'],
        message: `"${both}" is also archived: list it once (archived courses are hidden too)`,
      });
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

/** The checked configuration a build was made with, beside its server (`dist/server/`). */
export const BUILT_CONFIG_FILE = 'site-config.json';

/**
 * The fields (dotted paths) whose values differ between the configuration a build was made
 * with and the one read now: the pages were rendered with the first, so the server refuses to
 * start with the second until the site is built again (decision 024).
 */
export function changedFields(built: unknown, current: unknown, path = ''): string[] {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(built) && isRecord(current)) {
    const keys = [...new Set([...Object.keys(built), ...Object.keys(current)])];
    return keys.flatMap((k) => changedFields(built[k], current[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(built) === JSON.stringify(current) ? [] : [path || '(file)'];
}

/** Path of the configuration file for a project root. */
export function siteConfigPath(projectRoot: string): string {
  const override = process.env.OQU_CONFIG;
  if (override) return isAbsolute(override) ? override : join(projectRoot, override);
  return join(projectRoot, 'oqu.config.yaml');
}

/** The schema's keys at an object path of the configuration (for "did you mean"). */
function knownKeys(path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = siteConfigSchema;
  for (const segment of [...path, null]) {
    while (node instanceof z.ZodOptional || node instanceof z.ZodDefault) node = node.unwrap();
    if (node instanceof z.ZodUnion) node = node.options.find((o) => o instanceof z.ZodObject);
    if (!(node instanceof z.ZodObject)) return [];
    if (segment === null) return Object.keys(node.shape);
    node = (node.shape as Record<PropertyKey, z.core.$ZodType>)[segment];
  }
  return [];
}

/** One line per problem: an unknown key with the nearest known one, a text's own problems. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, prefix: PropertyKey[] = []): string[] {
  const path = [...prefix, ...issue.path];
  const where = (p: readonly PropertyKey[]) => p.map(String).join('.') || '(file)';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path);
    return issue.keys.map((key) => {
      const near = closest(key, known);
      const fix = near ? `did you mean "${near}"?` : 'remove it';
      return `  - ${where([...path, key])}: unknown key, ${fix} (known here: ${known.join(', ')})`;
    });
  }
  const value = path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], raw);
  if (issue.code === 'invalid_union' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const inner = issue.errors.at(-1) ?? [];
    if (inner.length > 0) return inner.flatMap((i) => describeIssue(i, raw, path));
  }
  return [`  - ${where(path)}: ${issue.message}`];
}

/** Checks parsed YAML against the schema; throws a SiteConfigError naming every bad field. */
export function parseSiteConfig(raw: unknown, file: string, publicDir?: string): SiteConfig {
  const parsed = siteConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.flatMap((i) => describeIssue(i, raw));
    throw new SiteConfigError(
      `Site configuration ${file} is not valid:\n${lines.join('\n')}\nFix it and start again (see README, ` +
        `"Configuration").`,
    );
  }
  const logoProblem = publicDir && parsed.data.logo ? checkLogo(publicDir, parsed.data.logo) : null;
  if (logoProblem) throw new SiteConfigError(`Site configuration ${file} is not valid:\n  - logo: ${logoProblem}`);
  if (publicDir && parsed.data.favicon && !existsSync(join(publicDir, parsed.data.favicon))) {
    throw new SiteConfigError(
      `Site configuration ${file} is not valid:\n  - favicon: no file public${parsed.data.favicon}`,
    );
  }
  return parsed.data;
}

/**
 * The files a certificate may draw for the logo at `path`: pdf-lib embeds PNG and JPEG only, so
 * an SVG or WebP logo (fine for the web pages) is drawn from a PNG or JPEG of the same name
 * beside it, e.g. logo.svg + logo.png.
 */
export function certificateLogoFiles(path: string): string[] {
  return /\.(svg|webp)$/i.test(path)
    ? ['.png', '.jpg', '.jpeg'].map((ext) => path.replace(/\.(svg|webp)$/i, ext))
    : [path];
}

/** Why the configured logo cannot be used on the pages or on certificates, or null. */
function checkLogo(publicDir: string, logo: string): string | null {
  if (!existsSync(join(publicDir, logo))) return `no file public${logo}`;
  if (certificateLogoFiles(logo).some((f) => existsSync(join(publicDir, f)))) return null;
  const png = certificateLogoFiles(logo)[0];
  return (
    `certificates cannot draw an SVG or WebP image, and there is no PNG or JPEG of it beside it: save the logo ` +
    `as public${png} too (it is drawn on certificates, the ${logo} on the pages), or name a PNG logo`
  );
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
