/**
 * A trainee deletes their own account (decision 026), at once, after confirming with their
 * password. What identifies them goes: the e-mail becomes `deleted:<id>` (unique, and no
 * address, so the e-mail can register again), the name and organisation are emptied, the
 * password can never match, every session, reset link, trusted browser, cohort membership
 * and invitation ends, their submissions (text, links, files) are deleted and the peer
 * reviews they still owed are released. What stays: certificates already issued, a snapshot
 * with the holder's name that still verifies; the enrolments, progress and quiz attempts
 * they rest on and the peer reviews they gave (anonymous to the reviewed trainee), which no
 * longer name anyone (the course and programme figures keep counting them). Trainers and
 * administrators ask an administrator instead: their actions stay answerable in the audit log.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import {
  auditLog,
  cohortInvitations,
  cohortMembers,
  passwordResetTokens,
  peerAllocations,
  rateLimits,
  sessions,
  submissions,
  users,
} from '#db/schema.ts';
import { verifyPassword } from '#lib/auth/password-hash.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { clearRateLimit, consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { formText } from '#lib/http/forms.ts';
import type { ActionOutcome, Result } from '#lib/result.ts';
import { deletedAccountEmail } from './deleted-account.ts';

type DeletionError =
  | 'auth.error.user_not_found'
  | 'auth.error.rate_limited'
  | 'auth.error.wrong_current_password'
  | 'privacy.error.staff_account';

/** Deletes `userId`'s account when `password` is theirs; the checks of a password change apply. */
export async function deleteOwnAccount(
  db: Database,
  input: { userId: string; password: string; now?: Date },
): Promise<Result<object, DeletionError>> {
  const now = input.now ?? new Date();
  const row = await db.select().from(users).where(eq(users.id, input.userId)).get();
  if (!row || !row.active) return { ok: false, error: 'auth.error.user_not_found' };
  if (row.role !== 'learner') return { ok: false, error: 'privacy.error.staff_account' };
  // Shares the password-change counter: a stolen session must not become a way to guess the password.
  const verdict = await consumeRateLimits(db, [[RATE_LIMITS.passwordChange, row.id]], now);
  if (!verdict.allowed)
    return { ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  if (!(await verifyPassword(row.passwordHash, input.password))) {
    const error = 'auth.error.wrong_current_password';
    return { ok: false, error, fields: { deletePassword: error } };
  }
  const id = row.id;
  await db.batch([
    db
      .update(users)
      .set({
        email: deletedAccountEmail(id),
        displayName: '',
        organisation: null,
        passwordHash: '!deleted',
        active: false,
        privacyConsentAt: null,
      })
      .where(eq(users.id, id)),
    db.delete(sessions).where(eq(sessions.userId, id)),
    db.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, id)),
    db.delete(cohortMembers).where(eq(cohortMembers.userId, id)),
    db.delete(cohortInvitations).where(eq(cohortInvitations.userId, id)),
    // Versions, files, their bytes, reviews of them and peer allocations go with them (cascade).
    db.delete(submissions).where(eq(submissions.userId, id)),
    // Peer reviews owed are released; reviews given stay, anonymous as they always were, since they
    // are another trainee's feedback and may count in that trainee's peer average.
    db.delete(peerAllocations).where(and(eq(peerAllocations.reviewerId, id), isNull(peerAllocations.reviewId))),
    // Counters and trusted-browser marks keyed by the address.
    db.delete(rateLimits).where(sql`instr(${rateLimits.key}, ${row.email}) > 0`),
    db.insert(auditLog).values({ at: now, actorId: id, actorEmail: null, action: 'user.delete_self', target: id }),
  ]);
  await clearRateLimit(db, RATE_LIMITS.passwordChange, id);
  return { ok: true };
}

/** The account page's deletion form (`intent=delete`, `deletePassword`): on success every session has ended. */
export async function runDeletionForm(
  db: Database,
  userId: string,
  form: FormData,
): Promise<ActionOutcome<{ signedOut?: true }, DeletionError>> {
  const result = await deleteOwnAccount(db, { userId, password: formText(form, 'deletePassword', 1024) });
  return result.ok ? { ok: true, signedOut: true } : result;
}
