/**
 * A trainer's CSV import invites; it never adds anyone to a cohort (docs/decisions/014).
 * Every row becomes a pending invitation, whether or not the address already has an
 * account, so the trainer's report, counts and list look the same for both: only the
 * address as typed and "invited". An address without an account gets one without a usable
 * password and a one-time link to set it; the name in the file is only the account's first
 * name, which its owner sees and can change before accepting.
 *
 * Rows are written 50 at a time, each chunk one transaction, and the event loop is let go
 * between chunks: the embedded database runs on the main thread, so one long loop of
 * batches kept every other request waiting (a 20,000-row import held /healthz for 25 s).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { cohortInvitations, cohortMembers, passwordResetTokens, rateLimits, users } from '#db/schema.ts';
import { generateSecretToken, hashToken } from '#lib/auth/token.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { INVITATION_DAYS, type Cohort } from './cohorts.server.ts';
import type { TraineeRow } from './csv-import.ts';

/** Rows one person may import per hour, over all cohorts: one full file (MAX_IMPORT_ROWS). */
export const IMPORT_ROWS_PER_HOUR = 20_000;
/** How soon an invitation may be sent again from the cohort page. */
export const RESEND_MINUTES = 10;
// Small enough that one chunk's transaction holds the event loop for well under 100 ms.
const CHUNK = 50;
const HOUR = 3_600_000;
/** Accounts created by an import carry this instead of a password hash until their owner sets one. */
const NO_PASSWORD_YET = '!invited:';

/** One e-mail to send. `token` is a set-password link's secret, for accounts without a password. */
export interface Invitation {
  email: string;
  locale: Locale;
  cohortName: string;
  token?: string;
}

export interface ImportOutcome {
  /** Addresses invited now (new and existing accounts alike). */
  invited: number;
  /** Already invited to, or a member of, this cohort: nothing sent. */
  unchanged: number;
  invitations: Invitation[];
}

export type QuotaVerdict = { allowed: true } | { allowed: false; retryAfterMinutes: number };

/**
 * Counts `rows` against the actor's hourly import allowance (kept in rate_limits, so every
 * app process shares it); over the allowance nothing is counted and the wait comes back.
 */
export async function consumeImportQuota(
  db: Database,
  actorId: string,
  rows: number,
  now: Date = new Date(),
): Promise<QuotaVerdict> {
  if (rows <= 0) return { allowed: true };
  const key = `cohort-import-rows:${actorId}`;
  const expired = sql`${rateLimits.windowStartedAt} <= ${now.getTime() - HOUR}`;
  const row = await db
    .insert(rateLimits)
    .values({ key, windowStartedAt: now, hits: rows })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`CASE WHEN ${expired} THEN ${rows} ELSE ${rateLimits.hits} + ${rows} END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${now.getTime()} ELSE ${rateLimits.windowStartedAt} END`,
      },
    })
    .returning({ hits: rateLimits.hits, windowStartedAt: rateLimits.windowStartedAt })
    .get();
  if (!row || row.hits <= IMPORT_ROWS_PER_HOUR) return { allowed: true };
  await db
    .update(rateLimits)
    .set({ hits: sql`max(${rateLimits.hits} - ${rows}, 0)` })
    .where(eq(rateLimits.key, key));
  return {
    allowed: false,
    retryAfterMinutes: Math.max(1, Math.ceil((row.windowStartedAt.getTime() + HOUR - now.getTime()) / 60_000)),
  };
}

/** A fresh set-password link for `userId`, valid INVITATION_DAYS days: its secret and its insert. */
function setPasswordToken(db: Database, userId: string, now: Date) {
  const token = generateSecretToken(20);
  const insert = db.insert(passwordResetTokens).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
  });
  return { token, insert };
}

interface KnownAccount {
  id: string;
  needsPassword: boolean;
  /** The owner's own language, which their e-mail is written in (not the file's). */
  locale: Locale;
}

async function knownAccounts(db: Database, emails: readonly string[]): Promise<Map<string, KnownAccount>> {
  const found = new Map<string, KnownAccount>();
  for (let i = 0; i < emails.length; i += 500) {
    const rows = await db
      .select({ id: users.id, email: users.email, hash: users.passwordHash, locale: users.locale })
      .from(users)
      .where(inArray(users.email, emails.slice(i, i + 500)));
    for (const u of rows)
      found.set(u.email, { id: u.id, needsPassword: u.hash.startsWith(NO_PASSWORD_YET), locale: u.locale });
    await nextTurn();
  }
  return found;
}

/** People the cohort already has, or has invited in any state: an import leaves them alone. */
async function alreadyInCohort(db: Database, cohortId: string): Promise<Set<string>> {
  const [invited, members] = await db.batch([
    db
      .select({ userId: cohortInvitations.userId })
      .from(cohortInvitations)
      .where(eq(cohortInvitations.cohortId, cohortId)),
    db
      .select({ userId: cohortMembers.userId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.state, 'member'))),
  ]);
  return new Set([...invited, ...members].map((r) => r.userId));
}

/** Invites the rows to the cohort (see the module comment); the e-mails are the caller's to send. */
export async function inviteTrainees(
  db: Database,
  cohort: Cohort,
  rows: readonly TraineeRow[],
  invitedBy: string | null,
  now: Date = new Date(),
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { invited: 0, unchanged: 0, invitations: [] };
  const accounts = await knownAccounts(
    db,
    rows.map((r) => r.email),
  );
  const present = await alreadyInCohort(db, cohort.id);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const statements = [];
    for (const row of rows.slice(i, i + CHUNK)) {
      const known = accounts.get(row.email);
      if (known && present.has(known.id)) {
        outcome.unchanged++;
        continue;
      }
      const userId = known?.id ?? createId();
      if (!known) {
        statements.push(
          db.insert(users).values({
            id: userId,
            email: row.email,
            displayName: row.name,
            passwordHash: `${NO_PASSWORD_YET}${createId()}`,
            role: 'learner',
            locale: row.locale,
            active: true,
            createdAt: now,
          }),
        );
      }
      const link = !known || known.needsPassword ? setPasswordToken(db, userId, now) : undefined;
      if (link) statements.push(link.insert);
      statements.push(
        db
          .insert(cohortInvitations)
          .values({
            cohortId: cohort.id,
            userId,
            email: row.email,
            state: 'pending',
            invitedBy,
            invitedAt: now,
            sentAt: now,
          })
          .onConflictDoNothing(),
      );
      present.add(userId);
      outcome.invited++;
      outcome.invitations.push({
        email: row.email,
        locale: known?.locale ?? row.locale,
        cohortName: cohort.name,
        ...(link && { token: link.token }),
      });
    }
    // One batch is one transaction: a chunk lands whole or not at all.
    if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    await nextTurn();
  }
  return outcome;
}

export type ResendOutcome = { kind: 'sent'; invitation: Invitation } | { kind: 'too-soon' } | { kind: 'none' };

/**
 * The cohort page's "send again" for a pending invitation, named by its address (the page
 * never shows the account's id), at most every RESEND_MINUTES; an account still without a
 * password gets a fresh link (the old one keeps working).
 */
export async function resendInvitation(
  db: Database,
  cohort: Cohort,
  email: string,
  now: Date = new Date(),
): Promise<ResendOutcome> {
  const pending = and(
    eq(cohortInvitations.cohortId, cohort.id),
    eq(cohortInvitations.email, email.trim().toLowerCase()),
    eq(cohortInvitations.state, 'pending'),
  );
  const claimed = await db
    .update(cohortInvitations)
    .set({ sentAt: now })
    .where(and(pending, sql`${cohortInvitations.sentAt} <= ${now.getTime() - RESEND_MINUTES * 60_000}`))
    .returning({ email: cohortInvitations.email, userId: cohortInvitations.userId })
    .get();
  if (!claimed)
    return (await db.select({ userId: cohortInvitations.userId }).from(cohortInvitations).where(pending).get())
      ? { kind: 'too-soon' }
      : { kind: 'none' };
  const account = await db
    .select({ hash: users.passwordHash, locale: users.locale })
    .from(users)
    .where(eq(users.id, claimed.userId))
    .get();
  if (!account) return { kind: 'none' };
  const link = account.hash.startsWith(NO_PASSWORD_YET) ? setPasswordToken(db, claimed.userId, now) : undefined;
  if (link) await link.insert;
  return {
    kind: 'sent',
    invitation: {
      email: claimed.email,
      locale: account.locale,
      cohortName: cohort.name,
      ...(link && { token: link.token }),
    },
  };
}
