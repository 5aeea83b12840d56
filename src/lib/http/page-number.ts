/**
 * The `?page=` of every paged list and export, parsed in one place. Anything that is not a
 * page number a person could reach (`1e308`, `-1`, `999999999999`, `abc`, `Infinity`) is
 * clamped or falls back to 1, so an offset computed from it is always a small safe integer:
 * `1e308` once made an offset of Infinity, which the database refused with a 500.
 */
import { z } from 'zod';

/** The last page any list shows (10,000 pages of 500 rows is more than any cohort or course has). */
export const MAX_PAGE = 10_000;

export const pageNumberSchema = z.coerce
  .number()
  .transform((n) => Math.min(MAX_PAGE, Math.max(1, Math.floor(n))))
  .catch(1);

/** The page number from a query string (1 when absent or unreadable). */
export function pageNumber(params: URLSearchParams, name = 'page'): number {
  return pageNumberSchema.parse(params.get(name) ?? undefined);
}
