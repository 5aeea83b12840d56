import { describe, expect, it } from 'vitest';
import {
  COUNT_CAP,
  countCap,
  listPaging,
  pageCount,
  parseCertificateListQuery,
  parseUserListQuery,
} from './listing.ts';

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

  it('count a long list up to the cap and then say there are more', () => {
    expect(listPaging(120, 1)).toEqual({ count: 120, more: false, pages: 3, hasNext: true });
    expect(listPaging(120, 3)).toEqual({ count: 120, more: false, pages: 3, hasNext: false });
    const capped = listPaging(COUNT_CAP + 1, 1);
    expect(capped).toEqual({ count: COUNT_CAP, more: true, pages: COUNT_CAP / 50, hasNext: true });
    expect(listPaging(COUNT_CAP + 1, COUNT_CAP / 50).hasNext).toBe(true);
    // Past the cap, the count follows the page: page 30 counts up to 1,500 rows.
    expect(countCap(30)).toBe(1500);
    expect(listPaging(1400, 30)).toEqual({ count: 1400, more: false, pages: 28, hasNext: false });
    expect(listPaging(1501, 30)).toEqual({ count: 1500, more: true, pages: 30, hasNext: true });
  });
});
