/** The suite's trainer made responsible for a fixture course, as an admin would (idempotent). */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { courseTrainers, users } from '#db/schema.ts';

export async function assignSuiteTrainer(db: Database, email: string, course: string): Promise<void> {
  const [trainer] = await db.select().from(users).where(eq(users.email, email));
  await db.insert(courseTrainers).values({ userId: trainer!.id, course, assignedAt: new Date() }).onConflictDoNothing();
}
