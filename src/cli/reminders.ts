/**
 * `oqu send-reminders`: e-mails everyone signed up for a session that starts within 24 hours, once
 * per session. The web server does this every hour by itself; run this from cron where the
 * database is a libSQL server shared by several processes, or to send the due reminders now.
 */
import { readerChain } from '#lib/i18n/locales.ts';
import { sendReminders } from '#lib/events/reminders.server.ts';
import { createMailer } from '#lib/mail/mailer.server.ts';
import { loadSiteConfigFile, localize } from '#lib/site/config.ts';
import { withDatabase } from './db-commands.ts';

export async function runSendReminders(projectRoot: string): Promise<number> {
  const site = loadSiteConfigFile(projectRoot);
  return withDatabase('oqu send-reminders', async (db) => {
    const context = {
      baseUrl: site.baseUrl,
      siteName: (l: Parameters<typeof localize>[1]) => localize(site.name, l),
      chain: (l: Parameters<typeof readerChain>[1]) => readerChain(site.locales.fallback, l),
    };
    const { sessions, emails } = await sendReminders(db, context, createMailer());
    console.log(`Reminders sent for ${sessions} session(s) starting within 24 hours: ${emails} e-mail(s).`);
    return 0;
  });
}
