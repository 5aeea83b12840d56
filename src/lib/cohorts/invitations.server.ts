/**
 * Invitation e-mails for people a trainer invites to a cohort. The greeting is neutral (the
 * name in the trainer's file is not theirs to choose); an account without a password gets
 * a link to set one, every invitation says where to accept or decline. Without SMTP nothing
 * is written but one line saying how many were not sent: the links must not sit in a log,
 * and the trainer can send them again from the cohort page once mail works.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { passwordResetUrl } from '#lib/auth/password-reset.server.ts';
import { paths } from '#lib/i18n/urls.ts';
import { translate } from '#lib/i18n/t.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { defaultMailer, type MailMessage, type Mailer } from '#lib/mail/mailer.server.ts';
import { INVITATION_DAYS } from './cohorts.server.ts';
import type { Invitation } from './import.server.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface InvitationContext {
  baseUrl: string;
  siteName: (l: Locale) => string;
  courseTitle: (l: Locale) => string;
}

export function composeInvitation(invitation: Invitation, context: InvitationContext): MailMessage {
  const l = invitation.locale;
  const params = {
    site: context.siteName(l),
    course: context.courseTitle(l),
    cohort: invitation.cohortName,
    days: INVITATION_DAYS,
  };
  const t = (key: Parameters<typeof translate>[1]) => translate(l, key, params);
  const answerUrl = `${context.baseUrl}${paths.account(l)}#invitations`;
  const [url, action, intro] = invitation.token
    ? [passwordResetUrl(context.baseUrl, l, invitation.token), t('mail.invite.action'), t('mail.invite.intro')]
    : [answerUrl, t('mail.invite.action_answer'), t('mail.invite.intro_existing')];
  const after = [
    ...(invitation.token ? [t('mail.invite.expiry')] : []),
    t('mail.invite.ignore'),
    t('mail.reset.signature'),
  ];
  const lines = [t('mail.invite.greeting'), intro, url, ...after];
  return {
    to: invitation.email,
    subject: t('mail.invite.subject'),
    text: lines.join('\n\n'),
    html:
      `<!doctype html><html lang="${l}"><body><p>${escapeHtml(lines[0]!)}</p><p>${escapeHtml(intro)}</p>` +
      `<p><a href="${escapeHtml(url)}">${escapeHtml(action)}</a></p>` +
      `${after.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</body></html>`,
  };
}

/**
 * Sends the invitations one after another in the background, letting other requests run
 * between them; a failure is logged (address only), not thrown.
 */
export function sendInvitations(
  invitations: readonly Invitation[],
  context: InvitationContext,
  mailer: Mailer = defaultMailer(),
  log: (line: string) => void = console.info,
): Promise<void> {
  return (async () => {
    if (invitations.length === 0) return;
    if (mailer.kind === 'log') {
      log(
        `[oqu mail] SMTP_URL is not set, so ${invitations.length} cohort invitation e-mail(s) were not sent; send ` +
          `them again from the cohort page once mail is configured.`,
      );
      return;
    }
    for (const invitation of invitations) {
      await mailer.send(composeInvitation(invitation, context)).catch((error: unknown) => {
        console.error(
          `[oqu] could not send an invitation to ${invitation.email}: ` +
            `${error instanceof Error ? error.message : String(error)}`,
        );
      });
      await nextTurn();
    }
  })();
}
