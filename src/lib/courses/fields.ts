/**
 * The programme fields a copy's courses belong to (the catalogue filter, the course page, the
 * programme report): a list in the site configuration, `fields:`, each an id and a title in every
 * language. A partner adds its own without touching code; left out, the three fields of the
 * starter curriculum, titled by the `field.*` keys of the UI dictionaries.
 */
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { pickText, type Localized } from '#lib/i18n/pick-text.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';

/** One field: the id courses name in `field:`, and its title (one text, or one per language). */
export interface SiteField {
  id: string;
  title: string | Localized<string>;
}

const STARTER_FIELDS = ['social-entrepreneurship', 'creative-industries', 'urbanism'] as const;

function dictionaryTitle(key: MessageKey): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((l) => [l, translate(l, key)])) as Record<Locale, string>;
}

/** The fields of a copy that configures none: the starter curriculum's three. */
export const DEFAULT_FIELDS: { id: string; title: Record<Locale, string> }[] = STARTER_FIELDS.map((id) => ({
  id,
  title: dictionaryTitle(`field.${id}`),
}));

/** A field's title for a reader of `locale`; the id itself for a field the site no longer lists. */
export function fieldTitle(
  fields: readonly SiteField[],
  id: string,
  locale: Locale,
  chain: readonly Locale[] = LOCALES,
): string {
  const field = fields.find((f) => f.id === id);
  return field ? pickText(field.title, locale, chain) || id : id;
}

/** The configured field ids, in the configuration's order. */
export function fieldIds(fields: readonly SiteField[]): string[] {
  return fields.map((f) => f.id);
}
