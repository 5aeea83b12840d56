/**
 * Fonts for certificates: DejaVu (package `dejavu-fonts-ttf`), which covers every Kazakh
 * letter (ә ғ қ ң ө ұ ү һ і and capitals) and which @pdf-lib/fontkit 1.1.1 subsets correctly
 * (Noto and PT fonts lose letters in its subsets; tests/integration/certificates-pdf.test.ts
 * checks every Kazakh letter with pdftotext).
 *
 * The files are read once per process, and each is parsed by fontkit once: pdf-lib calls
 * `fontkit.create(bytes)` for every document (parsing DejaVu three times costs ~28 ms), so it
 * is handed a fontkit that remembers the parsed font for the same bytes. Each document still
 * makes its own subset.
 *
 * One catch in sharing: fontkit caches glyph objects with the code points of their first use,
 * and a subset pulls in the parts of composite glyphs (Cyrillic е is drawn from Latin e) with
 * none. The next document that lays out that letter would get the cached glyph without code
 * points, and pdf-lib would write an empty ToUnicode entry: the letter vanishes from copied or
 * extracted text. `rememberCodePoints` gives such a glyph its code points when it is next used.
 *
 * Shaping text (fontkit's `layout`) is the other big cost: fitting measures words and lines,
 * and pdf-lib shapes each line again to draw it. Results for the same string are kept (a glyph
 * run is only read from), up to a bound, so labels shared by every certificate are shaped once.
 *
 * Last, pdf-lib writes a subset through fontkit's `encodeStream()`, whose stream shim waits on
 * `setTimeout(0)` several times per font: milliseconds of idling per certificate.
 * `embedSubsetFont` has the subset encoded synchronously into the same bytes instead.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

export type CertificateFontName = 'sans' | 'sansBold' | 'serifBold';

const FILES: Record<CertificateFontName, string> = {
  sans: 'DejaVuSans.ttf',
  sansBold: 'DejaVuSans-Bold.ttf',
  serifBold: 'DejaVuSerif-Bold.ttf',
};

let fontBytes: Record<CertificateFontName, Uint8Array> | undefined;

/** The folder with DejaVu's TTF files. */
export function dejavuFontDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** The font files' bytes, read on first use and kept for the life of the process. */
export function loadCertificateFonts(): Record<CertificateFontName, Uint8Array> {
  if (!fontBytes) {
    const dir = dejavuFontDir();
    const read = (name: CertificateFontName): Uint8Array => new Uint8Array(readFileSync(join(dir, FILES[name])));
    fontBytes = { sans: read('sans'), sansBold: read('sansBold'), serifBold: read('serifBold') };
  }
  return fontBytes;
}

type ParsedFont = ReturnType<typeof fontkit.create>;

const parsed = new WeakMap<Uint8Array, ParsedFont>();

/** A fontkit for `PDFDocument.registerFontkit` that parses each font buffer only once. */
export const cachingFontkit = {
  create(data: Uint8Array, postscriptName?: string): ParsedFont {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsed.get(data);
    if (!font) {
      font = rememberLayouts(rememberCodePoints(fontkit.create(data)));
      parsed.set(data, font);
    }
    return font;
  },
};

const LAYOUT_CACHE_LIMIT = 4000;

/** Keeps shaped strings (default features only) for reuse; forgets all when the bound is hit. */
function rememberLayouts(font: ParsedFont): ParsedFont {
  const layout = font.layout.bind(font);
  const runs = new Map<string, ReturnType<ParsedFont['layout']>>();
  font.layout = ((text: string, ...rest: unknown[]) => {
    if (rest.some((arg) => arg !== undefined))
      return (layout as (...args: unknown[]) => ReturnType<ParsedFont['layout']>)(text, ...rest);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= LAYOUT_CACHE_LIMIT) runs.clear();
      run = layout(text);
      runs.set(text, run);
    }
    return run;
  }) as ParsedFont['layout'];
  return font;
}

/** Fills in the code points of a cached glyph that was first made without them (see above). */
function rememberCodePoints(font: ParsedFont): ParsedFont {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints?: number[]) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && codePoints && codePoints.length > 0 && glyph.codePoints.length === 0) glyph.codePoints = codePoints;
    return glyph;
  };
  return font;
}

interface Subset {
  encode(stream: unknown): void;
  encodeStream(): unknown;
}

interface EncodeStream {
  end(): void;
  read(): Uint8Array | null;
}

let EncodeStreamClass: (new () => EncodeStream) | undefined;

/** The subset's font file, encoded without the timer-driven stream. */
function encodeSubset(subset: Subset): Uint8Array {
  if (!EncodeStreamClass) {
    // fontkit does not export its stream class; a subset that encodes nothing hands it over.
    const probe = Object.getPrototypeOf(subset).encodeStream.call({ encode: () => undefined }) as EncodeStream;
    EncodeStreamClass = probe.constructor as new () => EncodeStream;
  }
  const stream = new EncodeStreamClass();
  subset.encode(stream);
  stream.end();
  const chunks: Uint8Array[] = [];
  for (let chunk = stream.read(); chunk !== null; chunk = stream.read()) chunks.push(chunk);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/**
 * Embeds `bytes` as a subset font named `name` (e.g. "ABCDEF+DejaVuSans"), to be written with
 * the synchronous encoder above. Needs `cachingFontkit` registered on the document.
 */
export async function embedSubsetFont(pdf: PDFDocument, bytes: Uint8Array, name: string): Promise<PDFFont> {
  const font = await pdf.embedFont(bytes, { subset: true, customName: name });
  const embedder = (font as unknown as { embedder: { subset?: Subset; serializeFont: () => Promise<Uint8Array> } })
    .embedder;
  const subset = embedder.subset;
  if (subset && typeof subset.encode === 'function') embedder.serializeFont = async () => encodeSubset(subset);
  return font;
}

/** Measures text the way pdf-lib will draw it, without a PDF document (for layout and tests). */
export function fontMeasurer(name: CertificateFontName): { widthOfTextAtSize(text: string, size: number): number } {
  const font = cachingFontkit.create(loadCertificateFonts()[name]);
  return { widthOfTextAtSize: (text, size) => (font.layout(text).advanceWidth * size) / font.unitsPerEm };
}
