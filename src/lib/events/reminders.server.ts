/**
 * The reminder the day before: `oqu send-reminders` (run by cron, e.g. hourly) e-mails everyone
 * signed up for a session that starts within the next 24 hours and has not been reminded of yet.
 * Each session is claimed with one conditional UPDATE before its e-mails go out, so two runs at
 * once never remind twice.
 */
import { and, gt, isNull, lte } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { events } from '#db/schema.ts';
import type { Mailer } from '#lib/mail/mailer.server.ts';
import type { EventMailContext } from './event-mail.ts';
import { recipientsOf, sendEventMails } from './notify.server.ts';
import { listSignups } from './signups.server.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sends the due reminders; says how many sessions and e-mails. */
export async function sendReminders(
  db: Database,
  context: EventMailContext,
  mailer: Mailer,
  now: Date = new Date(),
): Promise<{ sessions: number; emails: number }> {
  const due = await db
    .update(events)
    .set({ remindedAt: now })
    .where(
      and(
        isNull(events.remindedAt),
        isNull(events.cancelledAt),
        gt(events.startsAt, now),
        lte(events.startsAt, new Date(now.getTime() + DAY_MS)),
      ),
    )
    .returning();
  let emails = 0;
  for (const event of due) {
    const people = await listSignups(db, event.id, ['signed_up']);
    await sendEventMails(
      'reminder',
      await recipientsOf(
        db,
        people.map((p) => p.userId),
      ),
      event,
      context,
      mailer,
    );
    emails += people.length;
  }
  return { sessions: due.length, emails };
}

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Sends due reminders every hour from the web server itself, so a copy on one database file
 * needs no cron (its `oqu send-reminders` would wait for the server's lock). Never keeps the
 * process alive; a failed run is logged and tried again next hour.
 */
export function scheduleReminders(open: () => Promise<Database>, context: EventMailContext, mailer: Mailer): void {
  if (timer) return;
  timer = setInterval(
    () =>
      void open()
        .then((db) => sendReminders(db, context, mailer))
        .catch((error: unknown) => console.error('Oqu could not send the session reminders:', error)),
    60 * 60 * 1000,
  );
  timer.unref();
}
