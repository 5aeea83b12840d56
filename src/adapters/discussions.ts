/**
 * What the discussion pages and the hourly digest hand the discussions module: the mailer and
 * this copy's address and name for the e-mails.
 */
import type { MailContext } from '#lib/discussions/notify.server.ts';
import { defaultMailer } from '#lib/mail/mailer.server.ts';
import { localize } from '#lib/site/config.ts';
import { site } from '#lib/site/current.ts';

export function discussionMailContext(): MailContext {
  return { mailer: defaultMailer(), baseUrl: site.baseUrl, siteName: (l) => localize(site.name, l) };
}
