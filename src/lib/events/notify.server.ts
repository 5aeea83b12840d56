/**
 * Sends the session e-mails in the background, one after another, so a page answers at once; a
 * failure is logged (address only, never the body with its links), not thrown.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { inArray } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { users, type EventRow } from '#db/schema.ts';
import { defaultMailer, type Mailer } from '#lib/mail/mailer.server.ts';
import { composeEventMail, type EventMailContext, type EventMailKind } from './event-mail.ts';

export interface Recipient {
  email: string;
  locale: 'kk' | 'ru' | 'en';
}

export async function recipientsOf(db: Database, userIds: readonly string[]): Promise<Recipient[]> {
  if (userIds.length === 0) return [];
  return db
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(inArray(users.id, [...userIds]));
}

/** Sends `kind` to each recipient; resolves when all are sent (callers need not wait). */
export function sendEventMails(
  kind: EventMailKind,
  recipients: readonly Recipient[],
  event: EventRow,
  context: EventMailContext,
  mailer: Mailer = defaultMailer(),
): Promise<void> {
  return (async () => {
    for (const to of recipients) {
      await mailer.send(composeEventMail(kind, to, event, context)).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        console.error(`[oqu] could not send a session e-mail to ${to.email}: ${reason}`);
      });
      await nextTurn();
    }
  })();
}
