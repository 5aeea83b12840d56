/**
 * The one place that says how names are put in order for a page's language: in Kazakh the
 * Kazakh alphabet (А Ә Б … Ө П … Ұ Ү … І …), where code-point order (SQLite's, and a bare
 * `sort()`) puts every Kazakh letter after Я and every lower-case letter after Я.
 *
 * In memory, Intl's collator (Node's full ICU has Kazakh rules; the sort key below stands in
 * where an ICU build lacks them). In SQL, where a list is paged, `nameSortKeySql` puts the
 * letters that code-point order misplaces in their place, so that `ORDER BY` over thousands
 * of rows gives the collator's order for capitalised Cyrillic names (docs/decisions/021).
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Locale } from './locales.ts';

/**
 * The letters that code-point order misplaces, and where they go: after the letter named,
 * by one private-use character (U+E000 + rank) that sorts above every Cyrillic letter.
 * Russian А–Я are in alphabet order by code point already; only these need a place.
 * In Russian (and English) pages Ё is Е and the Kazakh letters follow the letters they are
 * built on, as ICU's Russian rules put them.
 */
const PLACES: Record<'kk' | 'ru', Record<string, [string, number]>> = {
  kk: {
    Ә: ['А', 0],
    Ғ: ['Г', 0],
    Ё: ['Е', 0],
    Қ: ['К', 0],
    Ң: ['Н', 0],
    Ө: ['О', 0],
    Ұ: ['У', 0],
    Ү: ['У', 1],
    Һ: ['Х', 0],
    І: ['Ы', 0],
  },
  ru: {
    Ә: ['А', 0],
    Ғ: ['Г', 0],
    Ё: ['Е', -1],
    І: ['И', 0],
    Қ: ['К', 0],
    Ң: ['Н', 0],
    Ө: ['О', 0],
    Ү: ['У', 0],
    Ұ: ['У', 1],
    Һ: ['Х', 0],
  },
};

/** Each misplaced letter (either case) and what stands for it in a sort key. */
function letterKeys(locale: Locale): [string, string][] {
  return Object.entries(PLACES[locale === 'kk' ? 'kk' : 'ru']).flatMap(([letter, [base, rank]]) => {
    const key = (b: string) => (rank < 0 ? b : b + String.fromCodePoint(0xe000 + rank));
    return [
      [letter, key(base)],
      [letter.toLowerCase(), key(base.toLowerCase())],
    ];
  });
}

const KEYS = new Map<Locale, Map<string, string>>();
function keysOf(locale: Locale): Map<string, string> {
  let keys = KEYS.get(locale);
  if (!keys) KEYS.set(locale, (keys = new Map(letterKeys(locale))));
  return keys;
}

/**
 * The sort key `nameSortKeySql` computes, in JavaScript: the misplaced letters put in their
 * place in the alphabet, Latin letters in lower case, everything else as it is. Capital
 * Cyrillic letters still sort before small ones (names start with one, so this rarely shows).
 */
export function nameSortKey(name: string, locale: Locale): string {
  const keys = keysOf(locale);
  let out = '';
  for (const c of name) out += keys.get(c) ?? (c >= 'A' && c <= 'Z' ? c.toLowerCase() : c);
  return out;
}

/**
 * `nameSortKey` of a text column, in SQL: SQLite's ASCII-only `lower` and one `replace` per
 * misplaced letter and case (21 calls deep; SQLite's parser refuses about 40).
 */
export function nameSortKeySql(column: SQLWrapper, locale: Locale): SQL {
  let expression: SQL = sql`lower(${column})`;
  for (const [letter, key] of letterKeys(locale))
    expression = sql`replace(${expression}, ${sql.raw(`'${letter}'`)}, ${sql.raw(`'${key}'`)})`;
  return expression;
}

function hasIcuRules(locale: Locale): boolean {
  return Intl.Collator.supportedLocalesOf([locale]).length > 0;
}

const COMPARERS = new Map<Locale, (a: string, b: string) => number>();

/** Compares two names in the order of `locale` (Kazakh alphabet on Kazakh pages). */
export function compareNames(locale: Locale): (a: string, b: string) => number {
  let compare = COMPARERS.get(locale);
  if (!compare) {
    if (hasIcuRules(locale)) compare = new Intl.Collator(locale).compare;
    else
      compare = (a, b) => {
        const [x, y] = [nameSortKey(a.toLowerCase(), locale), nameSortKey(b.toLowerCase(), locale)];
        return x < y ? -1 : x > y ? 1 : 0;
      };
    COMPARERS.set(locale, compare);
  }
  return compare;
}

/** `items` sorted by `name(item)` in the order of `locale`; a new array. */
export function sortByName<T>(items: readonly T[], name: (item: T) => string, locale: Locale): T[] {
  const compare = compareNames(locale);
  return [...items].sort((a, b) => compare(name(a), name(b)));
}
