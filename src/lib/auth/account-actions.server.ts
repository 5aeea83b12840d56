/**
 * What the account page's forms do: save the profile, change the password (the user's other
 * sessions end), or sign out on every device. Each form posts an `intent`; the answer is an
 * `ActionOutcome` (src/lib/result.ts) whose codes are message keys for the page to show.
 */
import type { Database } from '#db/client.ts';
import { formText } from '#lib/http/forms.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import { signOutEverywhere } from './account.server.ts';
import { saveCredentialSubject } from '#lib/certificates/holder-identity.server.ts';
import type { ActionOutcome } from '#lib/result.ts';
import { changePassword, updateProfile, type User } from './user.server.ts';

export type AccountOutcome = ActionOutcome<
  {
    /** The saved profile when the profile changed, so the page shows it at once. */
    user?: User;
    /** Every session ended, this browser's included: the page clears the cookie and leaves. */
    signedOut?: true;
  },
  MessageKey
>;

/** The signed-in user and the session the form came with (kept when the password changes). */
export interface AccountContext {
  userId: string;
  sessionId: string;
}

export async function runAccountAction(db: Database, account: AccountContext, form: FormData): Promise<AccountOutcome> {
  const intent = formText(form, 'intent', 20);
  if (intent === 'profile') {
    const result = await updateProfile(db, account.userId, {
      name: formText(form, 'name', 300),
      locale: formText(form, 'locale', 5),
    });
    if (!result.ok) return result;
    return { ok: true, message: 'account.profile_saved', user: result.user };
  }
  if (intent === 'password') {
    const result = await changePassword(db, {
      userId: account.userId,
      currentPassword: formText(form, 'currentPassword', 1024),
      newPassword: formText(form, 'newPassword', 1024),
      currentSessionId: account.sessionId,
    });
    if (!result.ok) return result;
    return { ok: true, message: 'account.password_changed' };
  }
  if (intent === 'identity') {
    // How Open Badges credentials name the holder (certificates/holder-identity.ts).
    const choice = await saveCredentialSubject(db, account.userId, formText(form, 'credentialSubject', 10));
    return choice ? { ok: true, message: 'account.identity_saved' } : { ok: false, error: 'form.unreadable' };
  }
  if (intent === 'everywhere') {
    await signOutEverywhere(db, account.userId);
    return { ok: true, signedOut: true };
  }
  return { ok: false, error: 'form.unreadable' };
}
