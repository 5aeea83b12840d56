/**
 * Where to send someone after they sign in: only a path on this site. Anything else
 * (another host, `//host`, a scheme) falls back, so a link cannot bounce a trainee elsewhere.
 */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 512) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}

/** `/{locale}/login?next=...` for a page that needs a signed-in user. */
export function loginPath(locale: string, next: string): string {
  return `/${locale}/login?next=${encodeURIComponent(next)}`;
}
