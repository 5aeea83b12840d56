/**
 * Calls for proposals (decision 040): the admin creates one in draft with the default form and
 * rubric, names the jury, opens it, closes applications and starts scoring, closes scoring and
 * publishes the results. Each change is one conditional statement (the state it starts from),
 * so two admins clicking at once cannot skip a step.
 */
import { and, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { certificates, cohortMembers, grantCalls, grantJurors, users, type GrantCallState } from '#db/schema.ts';
import { findUserByEmail } from '#lib/auth/user.server.ts';
import { programmeCertificate } from '#lib/programmes/award.server.ts';
import type { CallInput } from './call-input.ts';
import { DEFAULT_FORM, DEFAULT_RUBRIC, readForm, readRubric } from './form-schema.ts';

export type CallRow = typeof grantCalls.$inferSelect;

/** The call with its form and rubric read through their schemas. */
export function readCall(row: CallRow) {
  return { ...row, fields: readForm(row.form), criteria: readRubric(row.rubric) };
}
export type Call = ReturnType<typeof readCall>;

export async function createCall(db: Database, createdBy: string, input: CallInput, now = new Date()) {
  const [row] = await db
    .insert(grantCalls)
    .values({
      id: createId(),
      ...input,
      form: DEFAULT_FORM,
      rubric: DEFAULT_RUBRIC,
      state: 'draft',
      createdBy,
      createdAt: now,
    })
    .returning();
  return row!;
}

export async function findCall(db: Database, id: string): Promise<Call | null> {
  const [row] = await db.select().from(grantCalls).where(eq(grantCalls.id, id));
  return row ? readCall(row) : null;
}

/** Every call, newest first (the admin's list). */
export async function listCalls(db: Database) {
  return db.select().from(grantCalls).orderBy(desc(grantCalls.createdAt)).limit(200);
}

/** Calls past their draft, for the applicants' list (eligibility is checked per call). */
export async function listVisibleCalls(db: Database) {
  return db
    .select()
    .from(grantCalls)
    .where(ne(grantCalls.state, 'draft'))
    .orderBy(desc(grantCalls.closesAt))
    .limit(100);
}

/** Whether the user may apply to the call: everyone, a member of a chosen cohort, or certified in a chosen course. */
export async function isEligible(db: Database, call: Pick<CallRow, 'eligibility'>, userId: string): Promise<boolean> {
  const { kind, ids } = call.eligibility;
  if (kind === 'everyone') return true;
  if (ids.length === 0) return false;
  if (kind === 'cohorts') {
    const [row] = await db
      .select({ id: cohortMembers.cohortId })
      .from(cohortMembers)
      .where(
        and(eq(cohortMembers.userId, userId), eq(cohortMembers.state, 'member'), inArray(cohortMembers.cohortId, ids)),
      )
      .limit(1);
    return Boolean(row);
  }
  if (kind === 'programmes') {
    // Completed means the programme's certificate was issued and is not revoked (decision 047).
    for (const id of ids) if ((await programmeCertificate(db, userId, id))?.revokedAt === null) return true;
    return false;
  }
  const [row] = await db
    .select({ code: certificates.code })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), inArray(certificates.course, ids), isNull(certificates.revokedAt)))
    .limit(1);
  return Boolean(row);
}

const NEXT: Partial<Record<GrantCallState, GrantCallState>> = {
  draft: 'open',
  open: 'scoring',
  scoring: 'closed',
  closed: 'published',
};

/**
 * Moves the call one step on from `from`. Starting the scoring also ends applications at once
 * (the deadline becomes now, by the database clock, if it was later). False when the call was
 * not in `from` (someone moved it meanwhile).
 */
export async function advanceCall(db: Database, id: string, from: GrantCallState): Promise<boolean> {
  const to = NEXT[from];
  if (!to) return false;
  const nowSql = sql`CAST(unixepoch('subsec') * 1000 AS INTEGER)`;
  const rows = await db
    .update(grantCalls)
    .set({
      state: to,
      ...(to === 'scoring'
        ? { closesAt: sql`max(${grantCalls.opensAt} + 1, min(${grantCalls.closesAt}, ${nowSql}))` }
        : {}),
      ...(to === 'published' ? { publishedAt: sql`${nowSql}` } : {}),
    })
    .where(and(eq(grantCalls.id, id), eq(grantCalls.state, from)))
    .returning({ id: grantCalls.id });
  return rows.length > 0;
}

/** Names a juror by their e-mail (an existing account); false when there is no such account. */
export async function addJuror(db: Database, callId: string, email: string, now = new Date()) {
  const user = await findUserByEmail(db, email);
  if (!user) return null;
  await db.insert(grantJurors).values({ callId, userId: user.id, addedAt: now }).onConflictDoNothing();
  return user;
}

export async function listJurors(db: Database, callId: string) {
  return db
    .select({ id: users.id, name: users.displayName, email: users.email })
    .from(grantJurors)
    .innerJoin(users, eq(users.id, grantJurors.userId))
    .where(eq(grantJurors.callId, callId))
    .orderBy(grantJurors.addedAt, users.email);
}

export async function isJuror(db: Database, callId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: grantJurors.userId })
    .from(grantJurors)
    .where(and(eq(grantJurors.callId, callId), eq(grantJurors.userId, userId)));
  return Boolean(row);
}

/** The calls a user is a juror of. */
export async function listJuryCalls(db: Database, userId: string) {
  return db
    .select({ call: grantCalls })
    .from(grantJurors)
    .innerJoin(grantCalls, eq(grantCalls.id, grantJurors.callId))
    .where(and(eq(grantJurors.userId, userId), ne(grantCalls.state, 'draft')));
}
