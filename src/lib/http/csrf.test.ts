import { expect, test } from 'vitest';
import { isCrossSiteRequest } from './csrf.ts';

const post = (headers: Record<string, string>) => new Request('http://oqu.test/api/x', { method: 'POST', headers });

test('same-origin and header-less requests pass; cross-site ones do not', () => {
  expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'same-origin' }))).toBe(false);
  expect(isCrossSiteRequest(post({ origin: 'http://oqu.test' }))).toBe(false);
  expect(isCrossSiteRequest(post({}))).toBe(false);
  expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'cross-site', origin: 'http://oqu.test' }))).toBe(true);
  expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'same-site' }))).toBe(true);
  expect(isCrossSiteRequest(post({ origin: 'https://evil.example' }))).toBe(true);
  expect(isCrossSiteRequest(new Request('http://oqu.test/', { headers: { origin: 'https://evil.example' } }))).toBe(
    false,
  );
});
