/**
 * Finding glossary terms in text, in any grammatical form: Kazakh adds endings (қатысу,
 * қатысуды), Russian changes them (показное участие, показного участия), so each word of a
 * form longer than four letters matches by its stem (the word without its last two letters)
 * followed by any letters; shorter words match whole. Case is ignored.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import type { Glossary } from './glossary-schema.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for `form` in running text (global, case-insensitive). */
export function formPattern(form: string): RegExp {
  const words = form.trim().toLowerCase().split(/\s+/);
  const body = words.map((w) => (w.length > 4 ? `${escape(w.slice(0, -2))}\\p{L}*` : escape(w))).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

/** A form to avoid found in a text: the words as written, where, and the entry's preferred form. */
export interface Avoided {
  id: string;
  found: string;
  preferred: string;
  /** Offset of the words in the text. */
  index: number;
}

interface Compiled {
  preferred: RegExp[];
  /** Longest first: "халықтық қатысу бюджеті" is found before "қатысу бюджеті". */
  avoid: { id: string; preferred: string; variant: string; pattern: RegExp; choicesOnly: boolean }[];
}
const compiled = new WeakMap<Glossary, Map<Locale, Compiled>>();

/** The glossary's patterns for one language, built once. */
function patternsFor(glossary: Glossary, locale: Locale): Compiled {
  let byLocale = compiled.get(glossary);
  if (!byLocale) compiled.set(glossary, (byLocale = new Map()));
  let c = byLocale.get(locale);
  if (c) return c;
  const entries = Object.entries(glossary).flatMap(([id, entry]) =>
    entry[locale] ? [{ id, entry, own: entry[locale] }] : [],
  );
  c = {
    preferred: entries.map(({ own }) => formPattern(own.term)),
    avoid: entries
      .flatMap(({ id, entry, own }) =>
        own.avoid.map((variant) => ({
          id,
          preferred: own.term,
          variant,
          pattern: formPattern(variant),
          choicesOnly: entry.choicesOnly,
        })),
      )
      .sort((a, b) => b.variant.length - a.variant.length),
  };
  byLocale.set(locale, c);
  return c;
}

/**
 * The forms to avoid in a text of `locale`. The preferred forms are masked first, so an avoided
 * form inside the preferred one (қатысу бюджеті in халық қатысатын бюджет) is not reported, and
 * each place is reported once. `choice`: the text is a whole quiz choice (entries marked
 * `choicesOnly` apply only there).
 */
export function findAvoided(text: string, glossary: Glossary, locale: Locale, choice = false): Avoided[] {
  const c = patternsFor(glossary, locale);
  if (!c.avoid.length) return [];
  let masked = text;
  for (const pattern of c.preferred) masked = masked.replace(pattern, (m) => ' '.repeat(m.length));
  const out: Avoided[] = [];
  for (const { id, preferred, variant, pattern, choicesOnly } of c.avoid) {
    if (choicesOnly) {
      if (choice && text.trim().toLowerCase() === variant.toLowerCase())
        out.push({ id, found: text.trim(), preferred, index: text.indexOf(text.trim()) });
      continue;
    }
    masked = masked.replace(pattern, (m: string, index: number) => {
      out.push({ id, found: m, preferred, index });
      return ' '.repeat(m.length);
    });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Whether a lesson's text of `locale` uses the entry: its preferred form, or `<Term id="…">`. */
export function usesTerm(text: string, id: string, glossary: Glossary, locale: Locale): boolean {
  const own = glossary[id]?.[locale];
  if (new RegExp(`<Term\\s[^>]*id="${escape(id)}"`).test(text)) return true;
  return own ? formPattern(own.term).test(text) : false;
}
