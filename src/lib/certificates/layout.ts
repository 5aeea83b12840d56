/**
 * Text fitting for the certificate: a name or a course title gets a box (width, largest and
 * smallest font size, most lines). It is wrapped first, shrunk only when wrapping is not
 * enough, and never drawn wider than the box. Pure: it needs only a way to measure text, which
 * pdf-lib's PDFFont provides.
 */

/** Anything that can measure text, e.g. a pdf-lib PDFFont. */
export interface TextMeasurer {
  widthOfTextAtSize(text: string, size: number): number;
}

export interface FittedText {
  /** Font size chosen, between minSize and maxSize. */
  size: number;
  /** The lines to draw, top to bottom (at most maxLines). */
  lines: string[];
  /** Measured width of each line at `size`; each is at most maxWidth. */
  widths: number[];
  /** Distance between baselines. */
  lineHeight: number;
  /** Height of the block: lines × lineHeight. */
  height: number;
  /** True only when even minSize could not hold all the text and the end was cut off with "…". */
  truncated: boolean;
}

export interface FitOptions {
  /** Baseline distance as a multiple of the size; 1.2 unless told. */
  lineSpacing?: number;
  /** How much to shrink per try, in points; 0.5 unless told. */
  step?: number;
  /** The block's height limit (lines × size × lineSpacing), when the box has one. */
  maxHeight?: number;
}

const ELLIPSIS = '…';

/**
 * Fits `text` into at most `maxLines` lines of at most `maxWidth` points: the largest size
 * from `maxSize` down to `minSize` (in `step`s) at which whole words wrap into the lines, with
 * the lines then balanced so a two-line title does not end in one short word. When not even
 * `minSize` holds it, words are broken where needed and, past `maxLines`, the end is cut off
 * with "…" (`truncated`), so the result never overflows. `options.maxHeight` also caps
 * lines × size × lineSpacing, for boxes limited in height.
 */
export function fitText(
  font: TextMeasurer,
  text: string,
  maxWidth: number,
  maxSize: number,
  minSize: number,
  maxLines: number,
  options: FitOptions = {},
): FittedText {
  if (!(maxWidth > 0) || !(minSize > 0) || maxSize < minSize || maxLines < 1) {
    throw new RangeError(`fitText: bad box (width ${maxWidth}, sizes ${minSize}-${maxSize}, lines ${maxLines})`);
  }
  const spacing = options.lineSpacing ?? 1.2;
  const step = options.step ?? 0.5;
  const maxHeight = options.maxHeight ?? Infinity;
  const words = text
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const unit = words.map((w) => font.widthOfTextAtSize(w, 1));
  const space = font.widthOfTextAtSize(' ', 1);

  for (let size = maxSize; size >= minSize; size = nextSize(size, step, minSize)) {
    const lines = wrapWords(unit, space, maxWidth / size);
    if (lines === null || lines.length > maxLines || lines.length * size * spacing > maxHeight) continue;
    const balanced = balanceLines(unit, space, maxWidth / size, lines.length);
    const texts = balanced.map((line) => line.map((i) => words[i]).join(' '));
    const widths = texts.map((t) => font.widthOfTextAtSize(t, size));
    if (widths.every((w) => w <= maxWidth)) return block(texts, widths, size, spacing, false);
  }
  const linesThatFit = Math.max(1, Math.min(maxLines, Math.floor(maxHeight / (minSize * spacing))));
  return breakAndTruncate(font, words, maxWidth, minSize, linesThatFit, spacing);
}

/** The next size to try: one step smaller, but minSize itself is always tried; 0 ends the loop. */
function nextSize(size: number, step: number, minSize: number): number {
  if (size <= minSize) return 0;
  return Math.max(minSize, Math.round((size - step) * 1000) / 1000);
}

function block(lines: string[], widths: number[], size: number, spacing: number, truncated: boolean): FittedText {
  const lineHeight = size * spacing;
  return { size, lines, widths, lineHeight, height: lines.length * lineHeight, truncated };
}

/** Greedy wrap of word indices into lines no wider than `limit` (unit widths); null if a word alone is wider. */
function wrapWords(unit: number[], space: number, limit: number): number[][] | null {
  const lines: number[][] = [];
  let current: number[] = [];
  let width = 0;
  for (let i = 0; i < unit.length; i++) {
    const w = unit[i] as number;
    if (w > limit) return null;
    if (current.length > 0 && width + space + w <= limit) {
      current.push(i);
      width += space + w;
    } else {
      if (current.length > 0) lines.push(current);
      current = [i];
      width = w;
    }
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

/** The narrowest wrap that still takes `count` lines: evens out line lengths. */
function balanceLines(unit: number[], space: number, limit: number, count: number): number[][] {
  let best = wrapWords(unit, space, limit) as number[][];
  if (count < 2) return best;
  let low = limit / count;
  let high = limit;
  for (let i = 0; i < 16; i++) {
    const mid = (low + high) / 2;
    const lines = wrapWords(unit, space, mid);
    if (lines !== null && lines.length <= count) {
      best = lines;
      high = mid;
    } else {
      low = mid;
    }
  }
  return best;
}

/** Last resort at minSize: break inside over-long words, and cut off what does not fit. */
function breakAndTruncate(
  font: TextMeasurer,
  words: string[],
  maxWidth: number,
  size: number,
  maxLines: number,
  spacing: number,
): FittedText {
  const fits = (t: string): boolean => font.widthOfTextAtSize(t, size) <= maxWidth;
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const joined = current ? `${current} ${word}` : word;
    if (fits(joined)) {
      current = joined;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    for (const char of Array.from(word)) {
      if (current && !fits(current + char)) {
        lines.push(current);
        current = '';
      }
      current += char;
    }
  }
  if (current) lines.push(current);
  let truncated = false;
  if (lines.length > maxLines) {
    truncated = true;
    let last = lines.slice(maxLines - 1).join(' ');
    while (last.length > 0 && !fits(last + ELLIPSIS)) last = Array.from(last).slice(0, -1).join('');
    lines.splice(maxLines - 1, lines.length, last.trimEnd() + ELLIPSIS);
  }
  return block(
    lines,
    lines.map((t) => font.widthOfTextAtSize(t, size)),
    size,
    spacing,
    truncated,
  );
}
