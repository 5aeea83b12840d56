/**
 * Lists written into a sentence: "a, b and c" in every language Oqu ships (Kazakh and Russian
 * join like English without the serial comma; Intl.ListFormat's Kazakh drops the conjunction
 * before the last of three), and the languages a site offers as a sentence names them.
 */
import type { Locale } from './locales.ts';
import type { MessageKey, Params } from './t.ts';

type Translate = (key: MessageKey, params?: Params) => string;

/** `items` joined by commas, the last two by `conjunction`: ["a", "b", "c"], "и" → "a, b и c". */
export function joinList(items: readonly string[], conjunction: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/**
 * The offered languages as the catalogue line names them ("қазақ және орыс", "казахском и
 * русском"), with the line's key: its one-language form where one language is offered (Russian
 * "языке", Kazakh "тіліндегі").
 */
export function languagesLine(locales: readonly Locale[], t: Translate): string {
  const names = joinList(
    locales.map((l) => t(`language.in.${l}`)),
    t('list.and'),
  );
  return t(locales.length === 1 ? 'catalogue.intro_one' : 'catalogue.intro', { languages: names });
}

/** The codes a trainee list may use for the offered languages: "kk, ru or en", "kk или ru". */
export function languageCodes(locales: readonly Locale[], t: Translate): string {
  return joinList(locales, t('list.or'));
}

/** The offered languages by name, as a choice: "Kazakh, Russian or English", "казахский или русский". */
export function languageChoice(locales: readonly Locale[], t: Translate): string {
  return joinList(
    locales.map((l) => t(`language.name.${l}`)),
    t('list.or'),
  );
}
