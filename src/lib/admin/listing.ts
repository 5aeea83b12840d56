/**
 * The admin's lists of users and certificates: which page, which order, which filter, read from
 * the address (plain GET forms and links, so they work without JavaScript and can be bookmarked).
 */
import { z } from 'zod';

/** Rows per page of the admin's lists. */
export const ADMIN_PAGE_SIZE = 50;

export const USER_SORTS = ['name', 'email', 'created', 'role'] as const;
export type UserSort = (typeof USER_SORTS)[number];

export const CERTIFICATE_STATUSES = ['all', 'valid', 'revoked', 'replaced'] as const;
export type CertificateStatusFilter = (typeof CERTIFICATE_STATUSES)[number];

const page = z.coerce.number().int().min(1).max(100_000).catch(1);
const text = z
  .string()
  .catch('')
  .transform((s) => s.slice(0, 100));

const userListSchema = z.object({
  q: text,
  sort: z.enum(USER_SORTS).catch('created'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page,
});
export type UserListQuery = z.infer<typeof userListSchema>;

const certificateListSchema = z.object({
  q: text,
  status: z.enum(CERTIFICATE_STATUSES).catch('all'),
  page,
});
export type CertificateListQuery = z.infer<typeof certificateListSchema>;

function fields(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...params.keys()].map((k) => [k, params.get(k) ?? '']));
}

/** The user list's search, order and page (newest first by default); bad values fall back. */
export function parseUserListQuery(params: URLSearchParams): UserListQuery {
  return userListSchema.parse(fields(params));
}

/** The certificate list's search, status and page; bad values fall back. */
export function parseCertificateListQuery(params: URLSearchParams): CertificateListQuery {
  return certificateListSchema.parse(fields(params));
}

/**
 * The lists count their rows up to this many and then say "more than": counting every match of a
 * search over 100,000 users reads the whole table, while a page needs only its fifty.
 */
export const COUNT_CAP = 1000;

/** How far a list counts when showing page `page`: COUNT_CAP, or further when the page is further. */
export function countCap(page: number, size = ADMIN_PAGE_SIZE): number {
  return Math.max(COUNT_CAP, page * size);
}

/** What a list's pager shows: its size (up to the cap, `more` past it), pages, and a next page. */
export interface ListPaging {
  count: number;
  more: boolean;
  pages: number;
  hasNext: boolean;
}

/** The pager of page `page` of a list counted (up to countCap + 1) as `total`. */
export function listPaging(total: number, page: number, size = ADMIN_PAGE_SIZE): ListPaging {
  const cap = countCap(page, size);
  const more = total > cap;
  const count = Math.min(total, cap);
  const pages = pageCount(count, size);
  return { count, more, pages, hasNext: page < pages || more };
}

/** Number of pages for `total` rows (at least one). */
export function pageCount(total: number, size = ADMIN_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}
