/**
 * The admin's list of posting bans (decision 045): who is stopped from posting, until when, why,
 * by whom and since when, newest first, with "let post again" (audited, as setting a ban is).
 * Bans that have run out are not listed: they stop nobody.
 */
import { desc, eq, gt, isNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Database } from '#db/client.ts';
import { discussionBans, users } from '#db/schema.ts';
import type { Actor } from '#lib/audit/audit.server.ts';
import { trimmedFormText } from '#lib/http/forms.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';
import { liftBan } from './moderation.server.ts';

export interface BanRow {
  userId: string;
  name: string;
  email: string;
  until: Date | null;
  reason: string;
  since: Date;
  byName: string | null;
  byEmail: string | null;
}

/** The bans in force at `now`, newest first (at most 500). */
export async function listActiveBans(db: Database, now: Date = new Date()): Promise<BanRow[]> {
  const by = alias(users, 'banned_by');
  return db
    .select({
      userId: discussionBans.userId,
      name: users.displayName,
      email: users.email,
      until: discussionBans.until,
      reason: discussionBans.reason,
      since: discussionBans.createdAt,
      byName: by.displayName,
      byEmail: by.email,
    })
    .from(discussionBans)
    .innerJoin(users, eq(users.id, discussionBans.userId))
    .leftJoin(by, eq(by.id, discussionBans.bannedBy))
    .where(or(isNull(discussionBans.until), gt(discussionBans.until, now)))
    .orderBy(desc(discussionBans.createdAt))
    .limit(500);
}

/** The page's form: `intent=lift`, `user`; the page answers a lift with a redirect (its notice names nobody). */
export async function runBanListForm(
  db: Database,
  actor: Actor,
  form: FormData,
): Promise<ActionOutcome<object, MessageKey>> {
  const userId = trimmedFormText(form, 'user', 64);
  if (trimmedFormText(form, 'intent', 10) !== 'lift' || !userId) return { ok: false, error: 'form.unreadable' };
  const lifted = await liftBan(db, actor, userId);
  return lifted.ok ? { ok: true, message: 'discussion.bans.lifted' } : lifted;
}
