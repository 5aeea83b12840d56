import { describe, expect, test } from 'vitest';
import { offeredLanguageRedirect } from './locale-redirect.mjs';

const kkRu = { enabled: ['kk', 'ru'], default: 'kk' };
const get = (url: string, acceptLanguage?: string, method = 'GET') => ({
  method,
  url,
  headers: { 'accept-language': acceptLanguage },
});

describe('a page in a language the copy does not offer', () => {
  test("goes to the same page in the visitor's best offered language, else the default", () => {
    expect(offeredLanguageRedirect(get('/en/courses/urbanism?x=1', 'en-GB,ru;q=0.8,kk;q=0.5'), kkRu)).toBe(
      '/ru/courses/urbanism?x=1',
    );
    expect(offeredLanguageRedirect(get('/en/reset-password/abc', 'en, de'), kkRu)).toBe('/kk/reset-password/abc');
    expect(offeredLanguageRedirect(get('/en'), kkRu)).toBe('/kk');
    expect(offeredLanguageRedirect(get('/en/', 'kk;q=0.2, ru;q=0.9'), kkRu)).toBe('/ru/');
  });
  test('offered languages, other paths and other methods are answered as usual', () => {
    expect(offeredLanguageRedirect(get('/ru/courses'), kkRu)).toBeNull();
    expect(offeredLanguageRedirect(get('/english/courses'), kkRu)).toBeNull();
    expect(offeredLanguageRedirect(get('/de/courses'), kkRu)).toBeNull();
    expect(offeredLanguageRedirect(get('/verify?lang=en'), kkRu)).toBeNull();
    expect(offeredLanguageRedirect(get('/en/login', 'ru', 'POST'), kkRu)).toBeNull();
    expect(offeredLanguageRedirect(get('/en/courses'), { enabled: ['kk', 'ru', 'en'], default: 'kk' })).toBeNull();
  });
});
