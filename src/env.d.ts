/// <reference types="astro/client" />
import type { SiteConfig } from './lib/site/config.ts';
import type { Locale } from './lib/i18n/locales.ts';
import type { Session, SessionUser } from './lib/auth/session.server.ts';
import type { Database } from './lib/site/database.server.ts';
import type { MessageKey, Params } from './lib/i18n/t.ts';

declare global {
  /** The checked site configuration (see astro.config.mjs). */
  const __OQU_SITE__: SiteConfig;

  namespace App {
    interface Locals {
      /** Set by a lesson page so that MDX components know their course and language. */
      lesson?: { course: string; locale: Locale };
      /** The signed-in user, set by the middleware on pages the server renders. */
      user?: SessionUser;
      session?: Session;
      /** The database, opened by the middleware: routes reach data only through it and src/lib. */
      db: Database;
      /**
       * The request's language, set by the middleware: the route's `[locale]` segment (a segment
       * that names no enabled language is answered 404 before the route runs), else `?lang=`,
       * else the browser's language. Prerendered pages read `Astro.params.locale` instead.
       */
      locale: Locale;
      /** The translator for `locale` (see lib/i18n/t.ts). */
      t: (key: MessageKey, params?: Params) => string;
    }
  }
}
