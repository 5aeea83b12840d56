/**
 * The partner's colours (`colors:` in the site configuration), checked for contrast and turned
 * into the stylesheet `/theme.css`, which sets the custom properties global.css uses. A
 * stylesheet of its own rather than an inline style, so the Content-Security-Policy keeps
 * refusing inline styles. WCAG 2.1 relative luminance and contrast ratio (success criteria
 * 1.4.3 and 1.4.11).
 */

/** Today's colours: a configuration without `colors:` looks as Oqu always did. */
export const DEFAULT_COLORS = { brand: '#0b5d4b', brandText: '#ffffff', accent: '#8a5a00' } as const;

/** The page's own backgrounds a brand-coloured link is read on (paper and the grey wash). */
const BACKGROUNDS = ['#ffffff', '#f4f6f5'] as const;
const DARK_TEXT = '#1b1f23';
/** WCAG AA for text (links, buttons' labels). */
export const TEXT_CONTRAST = 4.5;
/** WCAG AA for the focus outline and other non-text marks. */
export const MARK_CONTRAST = 3;

export const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export interface ThemeColors {
  brand?: string | undefined;
  brandText?: string | undefined;
  accent?: string | undefined;
}

function channels(hex: string): [number, number, number] {
  const h = hex.slice(1);
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255) as [number, number, number];
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two `#rgb`/`#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** White or the page's dark ink, whichever reads better on `background`. */
export function readableTextOn(background: string): string {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, DARK_TEXT) ? '#ffffff' : DARK_TEXT;
}

const ratio = (n: number): string => `${Math.floor(n * 100) / 100}:1`;

/** The colours in use: the configured ones, today's for the rest, the text on the brand computed if not given. */
export function resolveColors(colors: ThemeColors = {}): Required<{ [K in keyof ThemeColors]: string }> {
  const brand = colors.brand ?? DEFAULT_COLORS.brand;
  return {
    brand,
    brandText: colors.brandText ?? (colors.brand ? readableTextOn(brand) : DEFAULT_COLORS.brandText),
    accent: colors.accent ?? DEFAULT_COLORS.accent,
  };
}

/** What is wrong with a set of colours, as [field, message] pairs (none when every pair is readable). */
export function colorProblems(colors: ThemeColors): [keyof ThemeColors, string][] {
  const c = resolveColors(colors);
  const problems: [keyof ThemeColors, string][] = [];
  const onPage = Math.min(...BACKGROUNDS.map((b) => contrastRatio(c.brand, b)));
  if (onPage < TEXT_CONTRAST) {
    problems.push([
      'brand',
      `${c.brand} on the white page is ${ratio(onPage)}; links are written in it and need at least ` +
        `${TEXT_CONTRAST}:1 (WCAG AA): choose a darker colour`,
    ]);
  }
  const pair = contrastRatio(c.brand, c.brandText);
  if (pair < TEXT_CONTRAST) {
    problems.push([
      colors.brandText ? 'brandText' : 'brand',
      `${c.brandText} on ${c.brand} is ${ratio(pair)}; the header and buttons need at least ${TEXT_CONTRAST}:1 ` +
        `(WCAG AA): leave brandText out to have it chosen, or pick one that contrasts more`,
    ]);
  }
  const accent = Math.min(...BACKGROUNDS.map((b) => contrastRatio(c.accent, b)));
  if (accent < MARK_CONTRAST) {
    problems.push([
      'accent',
      `${c.accent} on the white page is ${ratio(accent)}; the focus outline needs at least ${MARK_CONTRAST}:1 ` +
        `(WCAG AA): choose a darker colour`,
    ]);
  }
  return problems;
}

/** The stylesheet served as /theme.css. `html:root` outranks global.css's `:root`, whatever their order. */
export function themeStylesheet(colors: ThemeColors = {}): string {
  const c = resolveColors(colors);
  return `html:root {\n  --brand: ${c.brand};\n  --brand-ink: ${c.brandText};\n  --accent: ${c.accent};\n}\n`;
}

/** A short fingerprint of the stylesheet, for its address. */
export function themeVersion(colors: ThemeColors = {}): string {
  let h = 0;
  for (const ch of themeStylesheet(colors)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return (h >>> 0).toString(36);
}

/** The MIME type of a favicon, from its extension. */
export function faviconType(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'svg' ? 'image/svg+xml' : ext === 'png' ? 'image/png' : 'image/x-icon';
}
