/**
 * Housekeeping: removes account records that can no longer be used, so they do not pile up.
 * `oqu prepare` runs it at every start, and the server once a day while it serves.
 *
 * What goes: sessions past their idle or absolute expiry; password-reset and set-password
 * links that expired or were used; rate-limit counters whose window ended more than a day
 * ago. What stays: live sessions and links, counters of a running window (sign-in, cohort
 * imports, the health check's row), and the trusted-browser marks of sign-in
 * (docs/decisions/012), which live TRUSTED_DEVICE_DAYS after their last use.
 */
import { lt, or } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { passwordResetTokens } from '#db/schema.ts';
import { pruneRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { pruneSessions } from './session.server.ts';

export async function pruneAuthRecords(db: Database, now: Date = new Date()): Promise<void> {
  await pruneSessions(db, now);
  await pruneRateLimits(db, now);
  await db
    .delete(passwordResetTokens)
    .where(or(lt(passwordResetTokens.expiresAt, now), lt(passwordResetTokens.usedAt, now)));
}

const DAY_MS = 24 * 60 * 60 * 1000;
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Once per process: prunes every `everyMs` (a day) on the database `open` returns. The timer
 * never keeps the process alive, and a failed run is logged and tried again next time.
 * Returns what stops the schedule (e.g. before the database is closed).
 */
export function schedulePruning(open: () => Promise<Database>, everyMs: number = DAY_MS): () => void {
  if (timer) return stopPruning;
  timer = setInterval(() => {
    void open()
      .then((db) => pruneAuthRecords(db))
      .catch((error: unknown) => console.error('Oqu could not remove expired sign-in records:', error));
  }, everyMs);
  timer.unref();
  return stopPruning;
}

function stopPruning(): void {
  clearInterval(timer);
  timer = undefined;
}
