/**
 * The columns read for a user, written once: everything but the password hash, which only
 * the password checks in user.server.ts read. session.server.ts and user.server.ts select these.
 */
import { users } from '#db/schema.ts';

/** What a session needs of its user: the `SessionUser` fields, and `active` to refuse a deactivated one. */
export const sessionUserColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  locale: users.locale,
  region: users.region,
  organisation: users.organisation,
  active: users.active,
};

/** A whole user but the password hash (`User` in user.server.ts). */
export const userColumns = { ...sessionUserColumns, createdAt: users.createdAt };
