/** Setting and clearing the session cookie on Astro's cookie jar (see auth/cookie.ts for the attributes). */
import type { AstroCookies } from 'astro';
import { blankSessionCookieOptions, isSecureSite, sessionCookieName, sessionCookieOptions } from '../auth/cookie.ts';
import { site } from '../site/current.ts';

const secure = isSecureSite(site.baseUrl);
export const SESSION_COOKIE = sessionCookieName(secure);

export function setSessionCookie(cookies: AstroCookies, token: string, expiresAt: Date): void {
  cookies.set(SESSION_COOKIE, token, sessionCookieOptions({ secure, expiresAt }));
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  cookies.set(SESSION_COOKIE, '', blankSessionCookieOptions({ secure }));
}
