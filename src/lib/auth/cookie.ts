/**
 * The session cookie's attributes, as a pure function the middleware passes to
 * `Astro.cookies.set`. HttpOnly keeps scripts away from the token; SameSite=Lax keeps it off
 * cross-site form posts while links from e-mail still arrive signed in; on HTTPS sites the
 * `__Host-` prefix makes the browser refuse the cookie unless it is Secure, Path=/ and
 * host-only, so a sibling subdomain cannot plant or shadow it.
 */
export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  path: '/';
  secure: boolean;
  expires?: Date;
  maxAge?: number;
}

/** Whether the site is served over HTTPS, from its public base URL (site config `baseUrl`). */
export function isSecureSite(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).protocol === 'https:';
  } catch {
    return false;
  }
}

/** `__Host-oqu_session` on HTTPS sites, `oqu_session` on plain HTTP (local development). */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-oqu_session' : 'oqu_session';
}

/** Attributes for setting the cookie until the session expires. */
export function sessionCookieOptions(options: { secure: boolean; expiresAt: Date }): SessionCookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: options.secure, expires: options.expiresAt };
}

/** Attributes that make the browser drop the cookie (sign-out, expired session). */
export function blankSessionCookieOptions(options: { secure: boolean }): SessionCookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: options.secure, maxAge: 0 };
}

/**
 * The device cookie (trusted-device.server.ts): a random token that tells sign-in "this
 * browser signed in to the account before". It signs no one in by itself. Same attributes
 * as the session cookie, kept for TRUSTED_DEVICE_DAYS.
 */
export function deviceCookieName(secure: boolean): string {
  return secure ? '__Host-oqu_device' : 'oqu_device';
}

export function deviceCookieOptions(options: { secure: boolean; days: number }): SessionCookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: options.secure, maxAge: options.days * 24 * 60 * 60 };
}
