/**
 * How a deleted account looks in the database (delete-account.server.ts): its e-mail becomes
 * `deleted:<id>`, unique and never an address. Pages that list accounts show a translated
 * "deleted account" instead of that placeholder.
 */
const PREFIX = 'deleted:';

/** The e-mail a deleted account keeps: unique, and never an address anyone can register or sign in with. */
export function deletedAccountEmail(userId: string): string {
  return `${PREFIX}${userId}`;
}

/** Whether `email` is the placeholder of a deleted account. */
export function isDeletedAccountEmail(email: string | null | undefined): boolean {
  return typeof email === 'string' && email.startsWith(PREFIX);
}

/** How a list shows an account's e-mail: `deletedLabel` ("deleted account", translated) for a deleted one. */
export function shownEmail(email: string, deletedLabel: string): string {
  return isDeletedAccountEmail(email) ? deletedLabel : email;
}
