/** Housekeeping: removes account records that can no longer be used. Run daily (or at start). */
import { lt, or } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { passwordResetTokens } from '../../../db/schema.ts';
import { pruneRateLimits } from '../rate-limits/rate-limit.server.ts';
import { pruneSessions } from './session.server.ts';

export async function pruneAuthRecords(db: Database, now: Date = new Date()): Promise<void> {
  await pruneSessions(db, now);
  await pruneRateLimits(db, now);
  await db.delete(passwordResetTokens).where(or(lt(passwordResetTokens.expiresAt, now), lt(passwordResetTokens.usedAt, now)));
}
