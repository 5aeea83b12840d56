/** The holder's choice of how credentials name them (users.credential_subject), read and saved. */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { users } from '#db/schema.ts';
import { CREDENTIAL_SUBJECT_CHOICES, type CredentialSubjectChoice } from './holder-identity.ts';

/** The holder's choice; `email` (the default) for an unknown user. */
export async function findCredentialSubject(db: Database, userId: string): Promise<CredentialSubjectChoice> {
  const row = await db.select({ choice: users.credentialSubject }).from(users).where(eq(users.id, userId)).get();
  return row?.choice ?? 'email';
}

/** Saves the choice; null (and nothing saved) when the value is not one of the choices. */
export async function saveCredentialSubject(
  db: Database,
  userId: string,
  value: string,
): Promise<CredentialSubjectChoice | null> {
  const choice = CREDENTIAL_SUBJECT_CHOICES.find((c) => c === value);
  if (!choice) return null;
  await db.update(users).set({ credentialSubject: choice }).where(eq(users.id, userId));
  return choice;
}
