/**
 * What the admin page's forms do. Each form posts an `intent`; every change is written to
 * the audit log with the admin and their address. Returns a message key for the page.
 */
import type { Database } from '#db/client.ts';
import { findUserByEmail, findUserById, setUserActive, setUserRole } from '#lib/auth/user.server.ts';
import { reissueByAdmin, revokeByAdmin } from './certificates.server.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import { trimmedFormText } from '#lib/http/forms.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';
import type { SiteConfig } from '#lib/site/config.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { assignTrainer, unassignTrainer } from './users.server.ts';
import { sendTestMail } from './test-mail.server.ts';
import { readerChain, type Locale } from '#lib/i18n/locales.ts';
import { localize } from '#lib/site/config.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import type { Mailer } from '#lib/mail/mailer.server.ts';

export type AdminOutcome = ActionOutcome<{ message: MessageKey; params: Record<string, string> }, MessageKey>;

/** A course's title in the admin's language (the site's default when the page has none). */
function courseTitle(course: CatalogCourse, context: { site: SiteConfig; locale?: Locale }): string {
  const locale = context.locale ?? context.site.locales.default;
  return pickText(course.data.title, locale, readerChain(context.site.locales.fallback, locale)) || course.slug;
}

export async function runAdminAction(
  db: Database,
  actor: Actor,
  form: FormData,
  context: { site: SiteConfig; courses: readonly CatalogCourse[]; locale?: Locale; mailer?: Mailer },
): Promise<AdminOutcome> {
  const intent = trimmedFormText(form, 'intent', 20);
  if (intent === 'test-mail') {
    const locale = context.locale ?? context.site.locales.default;
    const siteName = localize(context.site.name, locale, readerChain(context.site.locales.fallback, locale));
    const to = trimmedFormText(form, 'to', 254);
    return sendTestMail(db, actor, { to, locale, siteName }, context.mailer);
  }
  if (intent === 'revoke') {
    const result = await revokeByAdmin(db, {
      code: trimmedFormText(form, 'code', 40),
      reason: trimmedFormText(form, 'reason', 500),
      adminId: actor.id,
    });
    if (!result.ok) return result;
    await recordAudit(db, actor, 'certificate.revoke', result.certificate.code, {
      reason: result.certificate.revokedReason,
    });
    return { ok: true, message: 'admin.revoked', params: { code: result.certificate.code } };
  }
  if (intent === 'reissue') {
    const old = trimmedFormText(form, 'code', 40);
    const result = await reissueByAdmin(db, old, context);
    if (!result.ok) return result;
    await recordAudit(db, actor, 'certificate.reissue', result.certificate.code, { replaces: old });
    return { ok: true, message: 'admin.reissued', params: { code: result.certificate.code } };
  }
  const user =
    intent === 'role' && form.has('email')
      ? await findUserByEmail(db, trimmedFormText(form, 'email', 254))
      : await findUserById(db, trimmedFormText(form, 'userId', 64));
  if (!user) return { ok: false, error: 'auth.error.user_not_found' };
  if (intent === 'role') {
    const result = await setUserRole(db, user.id, trimmedFormText(form, 'role', 20));
    if (!result.ok) return { ok: false, error: result.error };
    await recordAudit(db, actor, 'user.role', user.email, { from: user.role, to: result.user.role });
    return { ok: true, message: 'admin.role_set', params: { email: user.email, role: result.user.role } };
  }
  if (intent === 'active') {
    const active = trimmedFormText(form, 'active', 1) === '1';
    if (user.id === actor.id && !active) return { ok: false, error: 'admin.cannot_deactivate_self' };
    const result = await setUserActive(db, user.id, active);
    if (!result.ok) return { ok: false, error: result.error };
    await recordAudit(db, actor, active ? 'user.reactivate' : 'user.deactivate', user.email);
    return { ok: true, message: active ? 'admin.reactivated' : 'admin.deactivated', params: { email: user.email } };
  }
  if (intent === 'assign' || intent === 'unassign') {
    const course = trimmedFormText(form, 'course', 100);
    const entry = context.courses.find((c) => c.slug === course);
    if (!entry) return { ok: false, error: 'admin.unknown_course' };
    if (intent === 'assign' && user.role === 'learner') return { ok: false, error: 'admin.not_a_trainer' };
    if (intent === 'assign') await assignTrainer(db, user.id, course);
    else await unassignTrainer(db, user.id, course);
    await recordAudit(db, actor, intent === 'assign' ? 'trainer.assign' : 'trainer.unassign', user.email, { course });
    return {
      ok: true,
      message: intent === 'assign' ? 'admin.assigned' : 'admin.unassigned',
      // The message names the course as the admin chose it: by its title in the page's language.
      params: { email: user.email, course: courseTitle(entry, context) },
    };
  }
  return { ok: false, error: 'form.unreadable' };
}
