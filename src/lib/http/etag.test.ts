import { describe, expect, it } from 'vitest';
import { noneMatchHits } from './etag.ts';

describe('noneMatchHits', () => {
  const etag = '"0123abcd"';
  it('matches the same tag, weak or strong, alone or in a list, and *', () => {
    expect(noneMatchHits('"0123abcd"', etag)).toBe(true);
    expect(noneMatchHits('W/"0123abcd"', etag)).toBe(true);
    expect(noneMatchHits('"other", "0123abcd"', etag)).toBe(true);
    expect(noneMatchHits(' "x",W/"0123abcd" ', etag)).toBe(true);
    expect(noneMatchHits('*', etag)).toBe(true);
  });
  it('does not match another tag, a part of it, an unquoted one or nothing', () => {
    expect(noneMatchHits(null, etag)).toBe(false);
    expect(noneMatchHits('', etag)).toBe(false);
    expect(noneMatchHits('"0123abc"', etag)).toBe(false);
    expect(noneMatchHits('0123abcd', etag)).toBe(false);
    expect(noneMatchHits('"0123abcd0"', etag)).toBe(false);
  });
});
