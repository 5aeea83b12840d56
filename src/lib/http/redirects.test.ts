import { expect, test } from 'vitest';
import { loginPath, safeReturnPath } from './redirects.ts';

test('only paths on this site are accepted as a return address', () => {
  expect(safeReturnPath('/kk/courses/urbanism/', '/kk/')).toBe('/kk/courses/urbanism/');
  for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', 42, '/a\nb']) {
    expect(safeReturnPath(bad, '/kk/')).toBe('/kk/');
  }
  expect(loginPath('ru', '/ru/account?x=1')).toBe('/ru/login?next=%2Fru%2Faccount%3Fx%3D1');
});
