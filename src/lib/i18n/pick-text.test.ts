import { describe, expect, test } from 'vitest';
import { LOCALES, readerChain } from './locales.ts';
import { pickList, pickLocalized, pickText } from './pick-text.ts';

const perLocale = { en: ['en', 'ru', 'kk'], kk: ['kk', 'ru', 'en'], ru: ['ru', 'kk', 'en'] } as const;

describe('readerChain', () => {
  test('one list: the reader first, then the list, then any language left', () => {
    expect(readerChain(['kk', 'ru', 'en'], 'en')).toEqual(['en', 'kk', 'ru']);
    expect(readerChain(['ru'], 'kk')).toEqual(['kk', 'ru', 'en']);
  });
  test('a list per reader language: an English reader in Almaty reads Russian before Kazakh', () => {
    expect(readerChain(perLocale, 'en')).toEqual(['en', 'ru', 'kk']);
    expect(readerChain(perLocale, 'kk')).toEqual(['kk', 'ru', 'en']);
    expect(readerChain(perLocale, 'ru')).toEqual(['ru', 'kk', 'en']);
  });
  test('a reader language the map leaves out still gets every language, own first', () => {
    expect(readerChain({ kk: ['kk', 'ru'] }, 'en')).toEqual(['en', ...LOCALES.filter((l) => l !== 'en')]);
  });
});

describe('pickText', () => {
  const kkRu = { kk: 'Жоба', ru: 'Проект' };
  test("the reader's own language when the text has it", () => {
    expect(pickText(kkRu, 'ru', readerChain(perLocale, 'ru'))).toBe('Проект');
  });
  test('a missing language follows the reader chain', () => {
    expect(pickText(kkRu, 'en', readerChain(perLocale, 'en'))).toBe('Проект');
    expect(pickText(kkRu, 'en', readerChain(['kk', 'ru', 'en'], 'en'))).toBe('Жоба');
  });
  test('says which language it picked and that it is a fallback', () => {
    expect(pickLocalized(kkRu, 'en', readerChain(perLocale, 'en'))).toEqual({
      value: 'Проект',
      locale: 'ru',
      fallback: true,
    });
    expect(pickLocalized(kkRu, 'kk', readerChain(perLocale, 'kk'))).toEqual({
      value: 'Жоба',
      locale: 'kk',
      fallback: false,
    });
  });
  test('a language outside the chain is still found rather than showing nothing', () => {
    expect(pickText({ en: 'Only English' }, 'kk', ['kk'])).toBe('Only English');
  });
  test('an empty or blank text counts as missing', () => {
    expect(pickText({ en: '  ', ru: 'Проект' }, 'en', ['en', 'kk', 'ru'])).toBe('Проект');
  });
  test('a plain string (a site text the same in every language) and nothing at all', () => {
    expect(pickText('Oqu', 'kk', ['kk'])).toBe('Oqu');
    expect(pickText(undefined, 'kk', ['kk'])).toBe('');
    expect(pickLocalized(undefined, 'kk', ['kk'])).toBeUndefined();
  });
  test('lists (accepted answers, outcomes) fall back the same way', () => {
    expect(pickList({ kk: ['иә'], ru: ['да'] }, 'en', readerChain(perLocale, 'en'))).toEqual(['да']);
    expect(pickList({ kk: [], ru: ['да'] }, 'kk', ['kk', 'ru'])).toEqual(['да']);
    expect(pickList(undefined, 'kk', ['kk'])).toEqual([]);
  });
});
