/** Shared set-up for integration tests: a user without going through the registration form. */
import type { Database } from '#db/client.ts';
import { registerAccount, signIn, type SignInContext, type SignedIn } from '#lib/auth/account.server.ts';
import { createUser, type User } from '#lib/auth/user.server.ts';
import type { MailMessage, Mailer } from '#lib/mail/mailer.server.ts';

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
export function registrationForm(
  extra: Record<string, unknown> = {},
): { name: string; email: string; password: string; locale: string; region: string; consent: string } & Record<
  string,
  unknown
> {
  return {
    name: '  Әлия   Нұрланқызы ',
    email: `  Learner${++formCount}-${Date.now()}@Example.KZ `,
    password: 'tulpar ushady dalada',
    locale: 'kk',
    region: 'Almaty',
    consent: 'yes',
    ...extra,
  };
}

/** E-mails that registrations in integration tests sent through `registrationContext`. */
export const sentMail: MailMessage[] = [];

/** What `registerAccount` needs besides the form; its mail is kept in `sentMail`. */
export const registrationContext = {
  baseUrl: 'https://oqu.example.kz',
  siteName: () => 'Oqu',
  mailer: { kind: 'log', send: async (message) => void sentMail.push(message) } satisfies Mailer,
};

/**
 * Registers, then signs in with the chosen password, as a person does after the "check your
 * e-mail" page (registration itself creates no session).
 */
export async function registerAndSignIn(db: Database, form: unknown, context: SignInContext = {}): Promise<SignedIn> {
  const reg = await registerAccount(db, form, { ...registrationContext, ip: context.ip, now: context.now });
  if (!reg.ok) throw new Error(`registration failed: ${reg.error}`);
  const { email, password } = form as { email: string; password: string };
  const signedIn = await signIn(db, { email, password }, context);
  if (!signedIn.ok) throw new Error(`sign-in after registration failed: ${signedIn.error}`);
  return signedIn;
}
