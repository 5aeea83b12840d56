/** Shared set-up for integration tests: a user without going through the registration form. */
import type { Database } from '../../db/client.ts';
import { createUser, type User } from '../../src/lib/auth/user.server.ts';

let n = 0;

/** A learner (or another role) with a unique address; the password is always the same. */
export async function makeUser(db: Database, role: User['role'] = 'learner'): Promise<User> {
  const user = await createUser(db, {
    name: `Test User ${++n}`,
    email: `user${n}-${Date.now()}@example.kz`,
    password: 'test user password',
    locale: 'en',
    region: null,
    organisation: null,
    role,
  });
  if (!user) throw new Error('could not create a test user');
  return user;
}

let formCount = 0;
/** A registration form with a unique address (Kazakh name, spaces to normalise). */
export function registrationForm(extra: Record<string, unknown> = {}): { name: string; email: string; password: string; locale: string; region: string } & Record<string, unknown> {
  return {
    name: '  Әлия   Нұрланқызы ',
    email: `  Learner${++formCount}-${Date.now()}@Example.KZ `,
    password: 'tulpar ushady dalada',
    locale: 'kk',
    region: 'Almaty',
    ...extra,
  };
}
