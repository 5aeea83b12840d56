/** Invitation e-mails for trainees enrolled by a trainer: a link to set their password. */
import { passwordResetUrl } from '../auth/password-reset.server.ts';
import { translate } from '../i18n/t.ts';
import type { Locale } from '../i18n/locales.ts';
import { defaultMailer, type MailMessage, type Mailer } from '../mail/mailer.server.ts';
import { INVITATION_DAYS, type Invitation } from './cohorts.server.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function composeInvitation(invitation: Invitation, context: { baseUrl: string; siteName: (l: Locale) => string; courseTitle: (l: Locale) => string }): MailMessage {
  const l = invitation.locale;
  const params = { name: invitation.name, site: context.siteName(l), course: context.courseTitle(l), days: INVITATION_DAYS };
  const t = (key: Parameters<typeof translate>[1]) => translate(l, key, params);
  const url = passwordResetUrl(context.baseUrl, l, invitation.token);
  const lines = [t('mail.invite.greeting'), t('mail.invite.intro'), url, t('mail.invite.expiry'), t('mail.reset.signature')];
  return {
    to: invitation.email,
    subject: t('mail.invite.subject'),
    text: lines.join('\n\n'),
    html: `<!doctype html><html lang="${l}"><body>${[lines[0], lines[1]].map((p) => `<p>${escapeHtml(p!)}</p>`).join('')}<p><a href="${escapeHtml(url)}">${escapeHtml(t('mail.invite.action'))}</a></p><p>${escapeHtml(lines[3]!)}</p><p>${escapeHtml(lines[4]!)}</p></body></html>`,
  };
}

/** Sends the invitations one after another in the background; a failure is logged, not thrown. */
export function sendInvitations(invitations: readonly Invitation[], context: Parameters<typeof composeInvitation>[1], mailer: Mailer = defaultMailer()): Promise<void> {
  return (async () => {
    for (const invitation of invitations) {
      await mailer.send(composeInvitation(invitation, context)).catch((error: unknown) => {
        console.error(`[oqu] could not send an invitation to ${invitation.email}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  })();
}
