import { expect, test } from 'vitest';
import { loginPath, safeReturnPath, withQueryParam } from './redirects.ts';

test('only paths on this site are accepted as a return address', () => {
  expect(safeReturnPath('/kk/courses/urbanism/', '/kk/')).toBe('/kk/courses/urbanism/');
  for (const bad of [
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    'javascript:alert(1)',
    '',
    42,
    '/a\nb',
    '/a\u007fb',
  ]) {
    expect(safeReturnPath(bad, '/kk/')).toBe('/kk/');
  }
  expect(loginPath('ru', '/ru/account?x=1')).toBe('/ru/login?next=%2Fru%2Faccount%3Fx%3D1');
});

test('a return path is percent-encoded, so it can go into a Location header', () => {
  expect(safeReturnPath('/к', '/kk/')).toBe('/%D0%BA');
  expect(safeReturnPath('/kk/іздеу?q=Әлия #top', '/kk/')).toBe(
    '/kk/%D1%96%D0%B7%D0%B4%D0%B5%D1%83?q=%D3%98%D0%BB%D0%B8%D1%8F%20#top',
  );
  expect(safeReturnPath('/already%20encoded?a=%D0%BA', '/kk/')).toBe('/already%20encoded?a=%D0%BA');
  expect(safeReturnPath('/😀', '/kk/')).toBe('/%F0%9F%98%80');
  expect(safeReturnPath('/a\ud800b', '/kk/')).toBe('/kk/');
  for (const path of ['/к', '/ру?q=ә', '/a b'])
    expect(() => new Headers({ Location: safeReturnPath(path, '/') })).not.toThrow();
});

test('a query parameter is added with ? or &', () => {
  expect(withQueryParam('/en/x', 'attempt', 'a b')).toBe('/en/x?attempt=a%20b');
  expect(withQueryParam('/en/x?y=1', 'attempt', 'z')).toBe('/en/x?y=1&attempt=z');
});
