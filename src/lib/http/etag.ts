/**
 * Conditional GET (RFC 9110 §13.1.2): whether an `If-None-Match` header names the current
 * entity tag, so the answer can be 304 Not Modified. The comparison is weak, as the RFC asks
 * for this header: `W/"x"` matches `"x"`.
 */
export function noneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  const value = header.trim();
  if (value === '*') return true;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return (value.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === wanted);
}
