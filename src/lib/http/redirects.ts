import type { Locale } from '#lib/i18n/locales.ts';
import { paths } from '#lib/i18n/urls.ts';

/**
 * Where to send someone after they sign in: only a path on this site. Anything else
 * (another host, `//host`, a scheme) falls back, so a link cannot bounce a trainee elsewhere.
 * The path comes back percent-encoded (`/кк` → `/%D0%BA%D0%BA`): a `Location` header may
 * carry only Latin-1, and a raw non-ASCII character there made the response fail with 500
 * after the session had been created.
 */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 512) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value))
    return fallback;
  try {
    // Existing %XX escapes stay as they are; everything outside printable ASCII is encoded.
    return value.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));
  } catch {
    return fallback; // a lone surrogate cannot be encoded
  }
}

/** Appends one query parameter to a path that may already carry a query. */
export function withQueryParam(path: string, name: string, value: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

/** `/{locale}/login?next=...` for a page that needs a signed-in user. */
export function loginPath(locale: Locale, next: string): string {
  return `${paths.login(locale)}?next=${encodeURIComponent(next)}`;
}
