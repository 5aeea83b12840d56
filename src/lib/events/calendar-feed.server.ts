/**
 * Each person's private calendar feed: a secret URL (`/calendar/<token>.ics`) that Google
 * Calendar, Outlook and phones subscribe to, listing the sessions they are signed up for. Only the
 * token's SHA-256 is stored, as for sign-in sessions; making a new one (reset) ends the old URL.
 */
import { and, eq, gte, inArray } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { calendarFeeds, eventSignups, events, users, type EventRow } from '#db/schema.ts';
import { generateSecretToken, hashToken, isWellFormedToken } from '#lib/auth/token.ts';
import { paths } from '#lib/i18n/urls.ts';
import { eventTexts, type EventMailContext } from './event-mail.ts';
import { sessionsCalendar } from './ics.ts';

/** Makes the person's feed URL token (replacing any earlier one): shown once, then only its hash is kept. */
export async function resetFeedToken(db: Database, userId: string, now: Date = new Date()): Promise<string> {
  const token = generateSecretToken();
  await db
    .insert(calendarFeeds)
    .values({ userId, tokenHash: hashToken(token), createdAt: now })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash: hashToken(token), createdAt: now } });
  return token;
}

/** When the person made their feed, or null when they have none. */
export async function feedCreatedAt(db: Database, userId: string): Promise<Date | null> {
  const row = await db
    .select({ at: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .get();
  return row?.at ?? null;
}

/** 90 days back: a calendar keeps recent sessions, not years of them. */
const HISTORY_MS = 90 * 24 * 60 * 60 * 1000;

/** The feed's owner and their sessions (signed up; cancelled ones marked), or undefined for an unknown token. */
export async function readFeed(
  db: Database,
  token: string,
  now: Date = new Date(),
): Promise<{ locale: 'kk' | 'ru' | 'en'; events: EventRow[] } | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const owner = await db
    .select({ userId: users.id, locale: users.locale })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(and(eq(calendarFeeds.tokenHash, hashToken(token)), eq(users.active, true)))
    .get();
  if (!owner) return undefined;
  const rows = await db
    .select({ event: events })
    .from(eventSignups)
    .innerJoin(events, eq(events.id, eventSignups.eventId))
    .where(
      and(
        eq(eventSignups.userId, owner.userId),
        inArray(eventSignups.status, ['signed_up']),
        gte(events.endsAt, new Date(now.getTime() - HISTORY_MS)),
      ),
    )
    .orderBy(events.startsAt)
    .limit(500);
  return { locale: owner.locale, events: rows.map((r) => r.event) };
}

/** The feed as iCalendar text, or undefined for an unknown token. */
export async function feedCalendar(
  db: Database,
  token: string,
  context: EventMailContext,
  now: Date = new Date(),
): Promise<string | undefined> {
  const feed = await readFeed(db, token, now);
  if (!feed) return undefined;
  const l = feed.locale;
  const items = feed.events.map((event) => ({
    event,
    ...eventTexts(event, l, context.chain(l)),
    url: `${context.baseUrl}${paths.event(l, event.id)}`,
  }));
  return sessionsCalendar(items, { name: context.siteName(l), host: new URL(context.baseUrl).host });
}
