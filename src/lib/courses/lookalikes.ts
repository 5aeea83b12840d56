/**
 * Latin letters typed inside Kazakh or Russian words: a Latin "а" (a), "е" (e), "о" (o), "с" (c),
 * "р" (p), "х" (x), "і" (i)... look the same as their Cyrillic twins but are other characters, so
 * an accepted answer spelt with one never matches what a trainee types, and search misses the
 * word. A word is suspect when it mixes Cyrillic letters with Latin ones that have a Cyrillic twin.
 */

/** Latin letter → the Cyrillic letter it looks like. */
const TWINS: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  i: 'і',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  h: 'һ',
  k: 'к',
  H: 'Н',
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  I: 'І',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
};

export interface Lookalike {
  /** The word as written. */
  word: string;
  /** The word with its Latin look-alikes replaced by Cyrillic letters. */
  fixed: string;
  /** The Latin letters found, e.g. "a, o". */
  letters: string;
  /** Offset of the word in the text. */
  index: number;
}

const WORD = /[\p{L}\p{M}]+/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/** Every word of `text` that mixes Cyrillic letters with Latin look-alikes. */
export function findLookalikes(text: string): Lookalike[] {
  const out: Lookalike[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (!CYRILLIC.test(word) || !LATIN.test(word)) continue;
    const latin = [...word].filter((ch) => LATIN.test(ch));
    // A word that mixes in Latin letters without a Cyrillic twin is something else (a code, a name).
    if (!latin.every((ch) => ch in TWINS)) continue;
    out.push({
      word,
      fixed: [...word].map((ch) => TWINS[ch] ?? ch).join(''),
      letters: [...new Set(latin)].join(', '),
      index: m.index,
    });
  }
  return out;
}
