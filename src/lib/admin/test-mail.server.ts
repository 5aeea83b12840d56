/**
 * "Send a test e-mail" on the admin page: one short message to an address the admin gives, so a
 * partner sees at once whether SMTP_URL works. Audited, and limited per admin (RATE_LIMITS.testMail)
 * so the page is no mail relay. A copy without SMTP says so instead of pretending to send.
 */
import { z } from 'zod';
import type { Database } from '#db/client.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { useTranslations, type MessageKey } from '#lib/i18n/t.ts';
import { defaultMailer, type Mailer } from '#lib/mail/mailer.server.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import type { ActionOutcome } from '#lib/result.ts';

const address = z.email().max(254);

/** Sends the test message in `locale` to `to`; the failure says why (no SMTP, refused, too many). */
export async function sendTestMail(
  db: Database,
  actor: Actor,
  input: { to: string; locale: Locale; siteName: string },
  mailer: Mailer = defaultMailer(),
): Promise<ActionOutcome<{ message: MessageKey; params: Record<string, string> }, MessageKey>> {
  const to = address.safeParse(input.to.trim());
  if (!to.success) return { ok: false, error: 'admin.mail_bad_address' };
  if (mailer.kind === 'log') return { ok: false, error: 'admin.mail_not_configured' };
  const verdict = await consumeRateLimits(db, [[RATE_LIMITS.testMail, actor.id]]);
  if (!verdict.allowed)
    return { ok: false, error: 'admin.mail_too_many', retryAfterSeconds: verdict.retryAfterSeconds };
  const t = useTranslations(input.locale);
  try {
    await mailer.send({
      to: to.data,
      subject: t('admin.mail_test_subject', { site: input.siteName }),
      text: t('admin.mail_test_body', { site: input.siteName, admin: actor.email }),
    });
  } catch (error) {
    const reason = (error as { code?: string }).code ?? 'error';
    console.error(`[oqu mail] the test e-mail to ${to.data} was not sent: ${reason}`);
    await recordAudit(db, actor, 'mail.test', to.data, { sent: false, reason });
    return { ok: false, error: 'admin.mail_failed' };
  }
  await recordAudit(db, actor, 'mail.test', to.data, { sent: true });
  return { ok: true, message: 'admin.mail_sent', params: { email: to.data } };
}
