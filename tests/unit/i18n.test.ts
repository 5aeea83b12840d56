import { describe, expect, test } from 'vitest';
import { dictionaries, translate } from '#lib/i18n/t.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import { negotiateLocale } from '#lib/i18n/urls.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}|\[(\w+)\]/g)].map((m) => m[0]).sort();

describe('dictionaries', () => {
  const reference = Object.keys(dictionaries.en).sort();
  test.each(LOCALES)('%s has exactly the keys of every other language', (locale) => {
    expect(Object.keys(dictionaries[locale]).sort()).toEqual(reference);
  });
  test.each(LOCALES)('%s has no empty text and the same placeholders as English', (locale) => {
    for (const key of reference) {
      const text = dictionaries[locale][key]!;
      expect(text.trim(), `${locale}: ${key}`).not.toBe('');
      expect(placeholders(text), `${locale}: ${key}`).toEqual(placeholders(dictionaries.en[key]!));
    }
  });
  test('the Kazakh dictionary is written in Kazakh Cyrillic', () => {
    const all = Object.values(dictionaries.kk).join(' ');
    expect(all).toMatch(/[әғқңөұүһі]/);
  });
});

describe('translate', () => {
  test('fills placeholders', () => {
    expect(translate('en', 'quiz.pass_mark', { percent: 70 })).toBe('Pass mark: 70%.');
    expect(translate('kk', 'catalogue.lessons', { count: 6 })).toBe('6 сабақ');
  });
});

describe('negotiateLocale', () => {
  test('takes the best enabled language by quality', () => {
    expect(negotiateLocale('en;q=0.5, ru;q=0.9', ['kk', 'ru', 'en'], 'kk')).toBe('ru');
    expect(negotiateLocale('kk-KZ', ['kk', 'ru', 'en'], 'en')).toBe('kk');
    expect(negotiateLocale('de, fr;q=0.8', ['kk', 'ru', 'en'], 'kk')).toBe('kk');
    expect(negotiateLocale(null, ['ru', 'en'], 'ru')).toBe('ru');
    expect(negotiateLocale('kk', ['ru', 'en'], 'ru')).toBe('ru');
  });
});
