import { describe, expect, it } from 'vitest';
import { pageCount, parseCertificateListQuery, parseUserListQuery } from './listing.ts';

describe('admin list queries', () => {
  it('default to the newest users first, page 1', () => {
    expect(parseUserListQuery(new URLSearchParams())).toEqual({ q: '', sort: 'created', dir: 'desc', page: 1 });
  });

  it('read a sort, a direction and a page, and fall back on nonsense', () => {
    const good = new URLSearchParams({ q: 'Айгүл', sort: 'name', dir: 'asc', page: '3' });
    expect(parseUserListQuery(good)).toEqual({ q: 'Айгүл', sort: 'name', dir: 'asc', page: 3 });
    const bad = new URLSearchParams({ sort: 'password', dir: 'sideways', page: '-2' });
    expect(parseUserListQuery(bad)).toEqual({ q: '', sort: 'created', dir: 'desc', page: 1 });
    expect(parseUserListQuery(new URLSearchParams({ q: 'x'.repeat(500) })).q).toHaveLength(100);
  });

  it('read a certificate status', () => {
    expect(parseCertificateListQuery(new URLSearchParams({ status: 'revoked' })).status).toBe('revoked');
    expect(parseCertificateListQuery(new URLSearchParams({ status: 'nope' })).status).toBe('all');
  });

  it('count pages', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(50)).toBe(1);
    expect(pageCount(51)).toBe(2);
  });
});
