import { expect, test } from 'vitest';
import { useTranslations } from '#lib/i18n/t.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import { formatDate } from '#lib/time/dates.ts';

test('the revocation sentence ends with one dot in every language ("г.." in Russian before)', () => {
  for (const locale of LOCALES) {
    const text = useTranslations(locale)('verify.revoked', {
      date: formatDate(new Date('2026-11-28T10:00:00Z'), locale),
    });
    expect(text, locale).not.toMatch(/\.\./);
    expect(text, locale).toMatch(/\.$/);
  }
});
