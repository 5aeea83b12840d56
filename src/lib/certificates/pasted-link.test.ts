import { describe, expect, test } from 'vitest';
import { certificateLink } from './pasted-link.ts';

describe('a pasted certificate link', () => {
  test('names its host and the code, from every address a certificate has', () => {
    const host = 'https://oqu.example.kz';
    for (const link of [
      `${host}/verify/ABCD-EFGH-JKMN`,
      `${host}/verify/abcdefghjkmn?lang=ru`,
      `  ${host}/certificates/ABCD-EFGH-JKMN.json\n`,
      `${host}/certificates/ABCD-EFGH-JKMN.pdf`,
      `${host}/certificates/ABCD-EFGH-JKMN/status`,
      `${host}/kk/verify?code=abcd-efgh-jkmn`,
      `${host}/verify?code=ABCD%20EFGH%20JKMN`,
    ]) {
      expect(certificateLink(link), link).toEqual({ origin: host, code: 'ABCD-EFGH-JKMN' });
    }
    expect(certificateLink('http://127.0.0.1:8080/verify/ABCD-EFGH-JKMN')?.origin).toBe('http://127.0.0.1:8080');
  });

  test('a link that names no certificate has no code; text that is not one link is not a link', () => {
    expect(certificateLink('https://oqu.example.kz/ru/courses/urbanism/')).toEqual({
      origin: 'https://oqu.example.kz',
      code: null,
    });
    expect(certificateLink('https://oqu.example.kz/verify/not-a-code')?.code).toBeNull();
    expect(certificateLink('https://oqu.example.kz/verify/%E0%A4%A')?.code).toBeNull();
    expect(certificateLink('eyJhbGciOiJSUzI1NiJ9.eyJ2YyI6e319.c2ln')).toBeNull();
    expect(certificateLink('see https://oqu.example.kz/verify/ABCD-EFGH-JKMN')).toBeNull();
    expect(certificateLink('javascript:alert(1)')).toBeNull();
    expect(certificateLink('https://')).toBeNull();
  });
});
