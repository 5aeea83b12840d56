/**
 * Setting and clearing the session cookie on a request's cookie jar (see cookie.ts for the
 * attributes). The jar is any object with `get` and `set` of this shape, as Astro's
 * `AstroCookies` has, so the domain names no framework type.
 */
import {
  blankSessionCookieOptions,
  isSecureSite,
  sessionCookieName,
  sessionCookieOptions,
  type SessionCookieOptions,
} from './cookie.ts';
import { site } from '#lib/site/current.ts';

/** The part of a cookie jar the session needs. */
export interface CookieJar {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: SessionCookieOptions): void;
}

const secure = isSecureSite(site.baseUrl);
export const SESSION_COOKIE = sessionCookieName(secure);

/** The session token the request carries, if any. */
export function readSessionCookie(cookies: Pick<CookieJar, 'get'>): string | undefined {
  return cookies.get(SESSION_COOKIE)?.value || undefined;
}

export function setSessionCookie(cookies: Pick<CookieJar, 'set'>, token: string, expiresAt: Date): void {
  cookies.set(SESSION_COOKIE, token, sessionCookieOptions({ secure, expiresAt }));
}

export function deleteSessionCookie(cookies: Pick<CookieJar, 'set'>): void {
  cookies.set(SESSION_COOKIE, '', blankSessionCookieOptions({ secure }));
}
