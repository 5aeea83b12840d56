/**
 * Cohorts: groups of trainees taking a course together. A trainer creates one, enrols a list
 * of trainees from CSV (new ones get an invitation link to set their password), or shares a
 * join code; when the cohort has an application window, trainees apply and a trainer
 * accepts or declines. Each imported row is written in one batch: all of it or none.
 */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'astro/zod';
import type { Database } from '../../../db/client.ts';
import { createId } from '../../../db/ids.ts';
import { cohortMembers, cohorts, enrollments, passwordResetTokens, users, type CohortMemberState } from '../../../db/schema.ts';
import { generateSecretToken, hashToken } from '../auth/token.ts';
import type { MessageKey } from '../i18n/t.ts';
import type { Locale } from '../i18n/locales.ts';
import { containsGlob } from '../reports/trainees.ts';
import type { TraineeRow } from './csv-import.ts';
import { applicationWindow } from './window.ts';

export type Cohort = typeof cohorts.$inferSelect;
export const INVITATION_DAYS = 14;

const day = z.union([z.literal(''), z.iso.date({ error: 'cohort.error.date' })]).transform((v) => v || null);
export const cohortInputSchema = z
  .object({
    name: z.string().trim().min(1, { error: 'cohort.error.name' }).max(120, { error: 'cohort.error.name' }),
    course: z.string().min(1),
    startsOn: day,
    endsOn: day,
    applicationsOpenOn: day,
    applicationsCloseOn: day,
  })
  .superRefine((c, ctx) => {
    if (c.startsOn && c.endsOn && c.endsOn < c.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'cohort.error.ends_before_start' });
    if (c.applicationsOpenOn && c.applicationsCloseOn && c.applicationsCloseOn < c.applicationsOpenOn) ctx.addIssue({ code: 'custom', path: ['applicationsCloseOn'], message: 'cohort.error.window' });
  });

/** A short code for join links: 8 characters that are easy to read aloud. */
function joinCode(): string {
  return generateSecretToken(5).slice(0, 8);
}

export async function createCohort(
  db: Database,
  input: unknown,
  creatorId: string,
  now: Date = new Date(),
): Promise<{ ok: true; cohort: Cohort } | { ok: false; fields: Record<string, MessageKey> }> {
  const parsed = cohortInputSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message as MessageKey])) };
  }
  const rows = await db.insert(cohorts).values({ id: createId(), ...parsed.data, joinCode: joinCode(), createdBy: creatorId, createdAt: now }).returning();
  return { ok: true, cohort: rows[0]! };
}

export async function findCohort(db: Database, id: string): Promise<Cohort | null> {
  return (await db.select().from(cohorts).where(eq(cohorts.id, id)).get()) ?? null;
}

export async function findCohortByCode(db: Database, code: string): Promise<Cohort | null> {
  return (await db.select().from(cohorts).where(eq(cohorts.joinCode, code.trim().toLowerCase())).get()) ?? null;
}

/** Admins manage every cohort; a trainer the cohorts they created. */
export function canManageCohort(user: { id: string; role: string }, cohort: Cohort): boolean {
  return user.role === 'admin' || (user.role === 'trainer' && cohort.createdBy === user.id);
}

/** The cohorts a user manages, newest first, with their member and applicant counts. */
export async function listCohorts(db: Database, user: { id: string; role: string }) {
  return db
    .select({
      cohort: cohorts,
      members: sql<number>`(select count(*) from ${cohortMembers} m where m.cohort_id = ${cohorts.id} and m.state = 'member')`,
      applicants: sql<number>`(select count(*) from ${cohortMembers} m where m.cohort_id = ${cohorts.id} and m.state = 'applied')`,
    })
    .from(cohorts)
    .where(user.role === 'admin' ? undefined : eq(cohorts.createdBy, user.id))
    .orderBy(sql`${cohorts.createdAt} desc`);
}

export interface MemberQuery {
  /** Part of the name or e-mail, any case (see containsGlob). */
  search?: string;
  limit?: number;
  offset?: number;
}

function memberFilter(cohortId: string, search: string | undefined) {
  const pattern = containsGlob(search);
  return and(eq(cohortMembers.cohortId, cohortId), pattern ? or(sql`${users.displayName} GLOB ${pattern}`, sql`${users.email} GLOB ${pattern}`) : undefined);
}

/**
 * The cohort's people, applications first (then declined, then members), by name; a page of
 * them with `limit` and `offset`, those matching `search` only when given.
 */
export async function listMembers(db: Database, cohortId: string, query: MemberQuery = {}) {
  const rows = db
    .select({ userId: users.id, name: users.displayName, email: users.email, locale: users.locale, state: cohortMembers.state, joinedAt: cohortMembers.joinedAt })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(memberFilter(cohortId, query.search))
    .orderBy(asc(cohortMembers.state), asc(users.displayName), asc(users.id));
  return query.limit === undefined ? rows : rows.limit(query.limit).offset(query.offset ?? 0);
}

/** How many people the cohort has in each state, and how many match `search` (all of them without one). */
export async function countMembers(db: Database, cohortId: string, search?: string): Promise<Record<CohortMemberState, number> & { matching: number }> {
  const [byState, matching] = await db.batch([
    db.select({ state: cohortMembers.state, n: sql<number>`count(*)` }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId)).groupBy(cohortMembers.state),
    db.select({ n: sql<number>`count(*)` }).from(cohortMembers).innerJoin(users, eq(users.id, cohortMembers.userId)).where(memberFilter(cohortId, search)),
  ]);
  const counts = { member: 0, applied: 0, declined: 0 };
  for (const r of byState) counts[r.state] = Number(r.n);
  return { ...counts, matching: Number(matching[0]?.n ?? 0) };
}

export interface Invitation {
  email: string;
  name: string;
  locale: Locale;
  token: string;
}

export interface ImportOutcome {
  /** Accounts created (each gets an invitation). */
  created: number;
  /** Existing accounts added to the cohort. */
  added: number;
  /** Already members. */
  unchanged: number;
  invitations: Invitation[];
}

/**
 * Enrols the rows in the cohort and its course. A new address gets an account without a
 * usable password and a one-time link (valid INVITATION_DAYS days) to set one.
 */
export async function importTrainees(db: Database, cohort: Cohort, rows: readonly TraineeRow[], now: Date = new Date()): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: 0, added: 0, unchanged: 0, invitations: [] };
  const existing = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 500) {
    const emails = rows.slice(i, i + 500).map((r) => r.email);
    for (const u of await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails))) existing.set(u.email, u.id);
  }
  const members = new Set((await db.select({ userId: cohortMembers.userId }).from(cohortMembers).where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.state, 'member')))).map((m) => m.userId));
  for (let i = 0; i < rows.length; i += 200) {
    const statements = [];
    for (const row of rows.slice(i, i + 200)) {
      let userId = existing.get(row.email);
      if (userId && members.has(userId)) {
        outcome.unchanged++;
        continue;
      }
      if (!userId) {
        userId = createId();
        const token = generateSecretToken(20);
        // No usable password until the trainee follows the invitation.
        statements.push(db.insert(users).values({ id: userId, email: row.email, displayName: row.name, passwordHash: `!invited:${createId()}`, role: 'learner', locale: row.locale, active: true, createdAt: now }));
        statements.push(db.insert(passwordResetTokens).values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) }));
        outcome.created++;
        outcome.invitations.push({ email: row.email, name: row.name, locale: row.locale, token });
      } else outcome.added++;
      statements.push(db.insert(enrollments).values({ userId, course: cohort.course, enrolledAt: now, lastActivityAt: now }).onConflictDoNothing());
      statements.push(
        db.insert(cohortMembers).values({ cohortId: cohort.id, userId, state: 'member', joinedAt: now, decidedAt: now }).onConflictDoUpdate({ target: [cohortMembers.cohortId, cohortMembers.userId], set: { state: 'member', decidedAt: now } }),
      );
    }
    // One batch is one transaction: a chunk lands whole or not at all.
    if (statements.length) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  }
  return outcome;
}

export type JoinOutcome = 'member' | 'applied' | 'already' | 'not_yet' | 'closed';

/** A trainee joins by code: directly, or as an applicant while the application window is open. */
export async function joinCohort(db: Database, cohort: Cohort, userId: string, now: Date = new Date()): Promise<JoinOutcome> {
  const current = await db.select().from(cohortMembers).where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, userId))).get();
  if (current && current.state !== 'declined') return 'already';
  const window = applicationWindow(cohort, now);
  if (window === 'not_yet' || window === 'closed') return window;
  if (window === 'open') {
    await db.insert(cohortMembers).values({ cohortId: cohort.id, userId, state: 'applied', joinedAt: now }).onConflictDoUpdate({ target: [cohortMembers.cohortId, cohortMembers.userId], set: { state: 'applied', joinedAt: now, decidedAt: null } });
    return 'applied';
  }
  await db.batch([
    db.insert(cohortMembers).values({ cohortId: cohort.id, userId, state: 'member', joinedAt: now, decidedAt: now }).onConflictDoUpdate({ target: [cohortMembers.cohortId, cohortMembers.userId], set: { state: 'member', decidedAt: now } }),
    db.insert(enrollments).values({ userId, course: cohort.course, enrolledAt: now, lastActivityAt: now }).onConflictDoNothing(),
  ]);
  return 'member';
}

/** Accepts (member, enrolled) or declines an application. Only pending applications change. */
export async function decideApplication(db: Database, cohort: Cohort, userId: string, accept: boolean, now: Date = new Date()): Promise<boolean> {
  const pending = and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, userId), eq(cohortMembers.state, 'applied'));
  if (!accept) return (await db.update(cohortMembers).set({ state: 'declined', decidedAt: now }).where(pending).returning()).length === 1;
  const changed = await db.update(cohortMembers).set({ state: 'member', decidedAt: now }).where(pending).returning();
  if (changed.length !== 1) return false;
  await db.insert(enrollments).values({ userId, course: cohort.course, enrolledAt: now, lastActivityAt: now }).onConflictDoNothing();
  return true;
}
