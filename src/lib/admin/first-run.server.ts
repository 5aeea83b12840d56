/**
 * The first-run notice: until the copy has an admin, the server log at start and the home page
 * tell the operator the command that makes one. Once an admin exists the answer is kept for the
 * life of the process, so the home page asks the database only while the copy is new.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { users } from '#db/schema.ts';

/** The command the notice shows (README, "Accounts, roles and progress"). */
export const CREATE_ADMIN_COMMAND = 'npm run oqu -- create-admin --email you@example.kz --name "Full Name"';

let adminSeen = false;

/** Whether any account has the admin role. */
export async function adminExists(db: Database): Promise<boolean> {
  if (adminSeen) return true;
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  adminSeen = row !== undefined;
  return adminSeen;
}
