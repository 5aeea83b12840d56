/** The audit log: every admin and trainer action, appended and never changed. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { auditLog } from '#db/schema.ts';

export interface Actor {
  id: string;
  email: string;
  /** The client's address, as the server saw it. */
  ip?: string | null;
}

export type AuditAction =
  | 'user.role'
  | 'user.deactivate'
  | 'user.reactivate'
  | 'trainer.assign'
  | 'trainer.unassign'
  | 'certificate.revoke'
  | 'certificate.reissue'
  | 'cohort.create'
  | 'cohort.import'
  | 'cohort.resend'
  | 'cohort.accept'
  | 'cohort.decline'
  | 'cohort.remove'
  | 'cohort.edit'
  | 'cohort.archive'
  | 'cohort.unarchive'
  | 'report.export'
  | 'submission.decide'
  | 'competency.set'
  | 'submission.peer_flag'
  | 'submission.peer_decide'
  | 'mail.test'
  | 'event.create'
  | 'event.edit'
  | 'event.cancel'
  | 'event.attendance'
  | 'event.checkin'
  | 'event.export'
  | 'discussion.pin'
  | 'discussion.unpin'
  | 'discussion.lock'
  | 'discussion.unlock'
  | 'discussion.answer'
  | 'discussion.unanswer'
  | 'discussion.hide'
  | 'discussion.unhide'
  | 'discussion.dismiss'
  | 'discussion.ban'
  | 'discussion.unban'
  | 'discussion.move'
  | 'grant.create'
  | 'grant.juror'
  | 'grant.advance'
  | 'grant.decide'
  | 'grant.undecide'
  | 'grant.conflict'
  | 'grant.score'
  | 'grant.form'
  | 'grant.rubric'
  | 'course.import';

export async function recordAudit(
  db: Database,
  actor: Actor,
  action: AuditAction,
  target: string | null,
  details: Record<string, unknown> = {},
  now: Date = new Date(),
): Promise<void> {
  await db
    .insert(auditLog)
    .values({ at: now, actorId: actor.id, actorEmail: actor.email, action, target, details, ip: actor.ip ?? null });
}

export interface AuditQuery {
  action?: string;
  actorEmail?: string;
  limit: number;
  offset: number;
}

export async function listAudit(db: Database, query: AuditQuery) {
  const where = and(
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.actorEmail ? eq(auditLog.actorEmail, query.actorEmail.trim().toLowerCase()) : undefined,
  );
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(query.limit)
      .offset(query.offset),
    db
      .select({ n: sql<number>`count(*)` })
      .from(auditLog)
      .where(where)
      .get(),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}
