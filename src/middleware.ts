/**
 * Every request the server renders: refuse cross-site writes, turn the session cookie into
 * `locals.user` (renewing or clearing the cookie as the session requires), add security
 * headers. Prerendered pages skip all of it at build time.
 */
import { defineMiddleware } from 'astro:middleware';
import { sharedDatabase } from '../db/client.ts';
import { validateSessionToken } from './lib/auth/session.server.ts';
import { isCrossSiteRequest } from './lib/http/csrf.ts';
import { withSecurityHeaders } from './lib/http/headers.ts';
import { textResponse } from './lib/http/text-response.ts';
import { deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from './lib/http/session-cookie.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  if (isCrossSiteRequest(context.request)) {
    return withSecurityHeaders(textResponse(context.request, 403, 'error.cross_site'));
  }
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const db = await sharedDatabase();
    const found = await validateSessionToken(db, token);
    if (found) {
      context.locals.user = found.user;
      context.locals.session = found.session;
      if (found.renewed) setSessionCookie(context.cookies, token, found.session.expiresAt);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }
  const response = withSecurityHeaders(await next());
  if (context.locals.user) response.headers.set('Cache-Control', 'private, no-store');
  return response;
});
