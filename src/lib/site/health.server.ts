/**
 * What /healthz checks: that the database takes a write, not only that the process answers.
 * A full disk, a read-only file or a lock held elsewhere lets pages render and every form
 * fail; a monitor should see that. The write is one upsert of a fixed row in rate_limits
 * (a key no limit uses), so the check needs no table of its own.
 */
import { rateLimits } from '#db/schema.ts';
import type { Database } from '#db/client.ts';

export type CheckName = 'database';
export interface Health {
  ok: boolean;
  /** Each check: "ok", or what failed, in words safe to show anyone (no SQLite codes or stacks). */
  checks: Record<CheckName, string>;
}

const HEALTH_KEY = 'health:write-check';
/** A monitor polling every second, or a stranger polling faster, costs at most one write per interval. */
const REUSE_MS = 1000;

let last: { at: number; health: Promise<Health> } | undefined;
let lastFailure = '';

async function checkDatabaseWrite(open: () => Promise<Database>): Promise<string> {
  let db: Database;
  try {
    db = await open();
  } catch (error) {
    report('database cannot be opened', error);
    return 'cannot be opened';
  }
  try {
    const now = new Date();
    await db
      .insert(rateLimits)
      .values({ key: HEALTH_KEY, windowStartedAt: now, hits: 1 })
      .onConflictDoUpdate({ target: rateLimits.key, set: { windowStartedAt: now, hits: 1 } });
    if (lastFailure) console.log('Health check: the database takes writes again.');
    lastFailure = '';
    return 'ok';
  } catch (error) {
    report('database write failed', error);
    return 'write failed';
  }
}

/** Logs the cause once per kind of failure (the operator needs it; the visitor does not). */
function report(what: string, error: unknown): void {
  // drizzle wraps the driver's error (which has SQLite's code) as its `cause`.
  const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const cause =
    root instanceof Error ? `${(root as { code?: string }).code ?? root.name}: ${root.message}` : String(root);
  const line = `Health check: ${what} (${cause})`;
  if (line !== lastFailure) console.error(line);
  lastFailure = line;
}

/** Runs the checks, or reuses a result less than a second old. */
export function checkHealth(open: () => Promise<Database>): Promise<Health> {
  if (last && Date.now() - last.at < REUSE_MS) return last.health;
  const health = checkDatabaseWrite(open).then((database) => ({ ok: database === 'ok', checks: { database } }));
  last = { at: Date.now(), health };
  return health;
}
