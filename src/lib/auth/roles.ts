/** Which roles may enter which workspace. Checked on the server for every request. */
import type { Role } from '#db/schema.ts';

export type Area = 'learner' | 'trainer' | 'admin';

const ALLOWED: Record<Area, readonly Role[]> = {
  learner: ['learner', 'trainer', 'admin'],
  trainer: ['trainer', 'admin'],
  admin: ['admin'],
};

/** `anonymous` (send to sign-in), `forbidden` (403) or `allowed`. */
export function checkAccess(user: { role: Role } | undefined, area: Area): 'anonymous' | 'forbidden' | 'allowed' {
  if (!user) return 'anonymous';
  return ALLOWED[area].includes(user.role) ? 'allowed' : 'forbidden';
}
