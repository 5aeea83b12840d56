/** A short plain-text answer for machine-facing routes, in the visitor's language. */
import { visitorLocale } from '#lib/site/route-locale.ts';
import { translate, type MessageKey, type Params } from '#lib/i18n/t.ts';

export function textResponse(request: Request, status: number, key: MessageKey, params?: Params): Response {
  const text = translate(visitorLocale(new URL(request.url), request.headers), key, params);
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
