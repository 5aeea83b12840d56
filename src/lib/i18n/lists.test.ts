import { describe, expect, test } from 'vitest';
import { useTranslations } from './t.ts';
import { joinList, languageChoice, languageCodes, languagesLine } from './lists.ts';

describe('lists in a sentence', () => {
  test('one, two and three items', () => {
    expect(joinList([], 'and')).toBe('');
    expect(joinList(['a'], 'and')).toBe('a');
    expect(joinList(['a', 'b'], 'и')).toBe('a и b');
    expect(joinList(['a', 'b', 'c'], 'және')).toBe('a, b және c');
  });

  test('the catalogue line names only the languages offered, in each language’s grammar', () => {
    const [kk, ru, en] = (['kk', 'ru', 'en'] as const).map((l) => useTranslations(l));
    expect(languagesLine(['kk', 'ru'], kk!)).toContain('бойынша қазақ және орыс тілдеріндегі тегін курстар.');
    expect(languagesLine(['kk', 'ru'], ru!)).toContain('урбанистике на казахском и русском языках.');
    expect(languagesLine(['kk', 'ru'], en!)).toContain('urbanism, in Kazakh and Russian.');
    expect(languagesLine(['kk', 'ru', 'en'], ru!)).toContain('на казахском, русском и английском языках.');
    expect(languagesLine(['ru'], ru!)).toContain('на русском языке.');
    expect(languagesLine(['kk'], kk!)).toContain('бойынша қазақ тіліндегі тегін курстар.');
    for (const t of [kk!, ru!, en!]) expect(languagesLine(['kk', 'ru'], t)).not.toMatch(/ағылшын|английск|English/);
  });

  test('the codes a trainee list may use', () => {
    expect(languageCodes(['kk', 'ru'], useTranslations('ru'))).toBe('kk или ru');
    expect(languageCodes(['kk', 'ru', 'en'], useTranslations('kk'))).toBe('kk, ru немесе en');
  });

  test('the offered languages as a choice, by name', () => {
    const ru = useTranslations('ru');
    expect(ru('auth.error.locale_invalid', { languages: languageChoice(['kk', 'ru'], ru) })).toBe(
      'Выберите язык: казахский или русский.',
    );
    expect(languageChoice(['kk', 'ru', 'en'], useTranslations('en'))).toBe('Kazakh, Russian or English');
    expect(languageChoice(['ru', 'kk'], useTranslations('kk'))).toBe('орыс немесе қазақ');
    expect(languageChoice(['kk'], useTranslations('kk'))).toBe('қазақ');
  });
});
