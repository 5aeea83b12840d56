/**
 * `oqu send-digests`: e-mails the daily digest of new discussion posts to those who chose it,
 * once a day each. The web server does this every hour by itself; run this from cron where the
 * database is a libSQL server shared by several processes, or to send the due digests now.
 */
import { sendDigests } from '#lib/discussions/digest.server.ts';
import { createMailer } from '#lib/mail/mailer.server.ts';
import { loadSiteConfigFile, localize } from '#lib/site/config.ts';
import { withDatabase } from './db-commands.ts';

export async function runSendDigests(projectRoot: string): Promise<number> {
  const site = loadSiteConfigFile(projectRoot);
  return withDatabase('oqu send-digests', async (db) => {
    const context = {
      mailer: createMailer(),
      baseUrl: site.baseUrl,
      siteName: (l: Parameters<typeof localize>[1]) => localize(site.name, l),
    };
    console.log(`Discussion digests sent: ${await sendDigests(db, context)} e-mail(s).`);
    return 0;
  });
}
