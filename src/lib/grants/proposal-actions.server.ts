/**
 * The applicant's forms on a proposal's page: save the draft, submit it (the lead; saved
 * first, then checked for what is missing, then submitted by the database clock), withdraw it,
 * invite a co-applicant (the e-mail carries the one-time link to join). The receipt and
 * invitation e-mails go out after the answer is decided; a mail failure is logged, never shown as a failed submission.
 */
import type { Database } from '#db/client.ts';
import { emailSchema } from '#lib/auth/user-input.ts';
import { trimmedFormText } from '#lib/http/forms.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { Mailer, MailMessage } from '#lib/mail/mailer.server.ts';
import type { ActionOutcome } from '#lib/result.ts';
import { filesByField, listProposalFiles } from './files.server.ts';
import type { FormField } from './form-schema.ts';
import { composeInvitation, composeReceipt } from './mail.ts';
import { missingItems, readProposalForm, type Missing } from './proposal.ts';
import {
  inviteCoApplicant,
  listTeam,
  saveProposal,
  submitProposal,
  withdrawProposal,
  type ProposalAccess,
} from './proposals.server.ts';

export type ProposalOutcome = ActionOutcome<{ missing?: Missing[] }, MessageKey>;

export interface ProposalActionContext {
  locale: Locale;
  mailer: Mailer;
  siteName: string;
  callTitle: string;
  /** The proposal page's full address, for the e-mails. */
  url: string;
  /** The full address of an invitation's one-time link with this token. */
  joinUrl: (token: string) => string;
  label: (f: FormField) => string;
  /** An instant as the reader reads it in Almaty time. */
  formatTime: (date: Date) => string;
  /** Who is acting (the lead's name for an invitation). */
  userName: string;
}

function send(mailer: Mailer, message: MailMessage): void {
  void mailer.send(message).catch((error: unknown) => {
    console.error(
      `[oqu] could not send a grant e-mail to ${message.to}: ${error instanceof Error ? error.message : error}`,
    );
  });
}

async function submit(db: Database, access: ProposalAccess, form: FormData, ctx: ProposalActionContext) {
  if (access.role !== 'lead') return { ok: false, error: 'grants.error.not_lead' } as const;
  const content = readProposalForm(form, access.call.fields);
  const saved = await saveProposal(db, access.proposal.id, { ...content, showTeam: form.get('show-team') === 'yes' });
  if (!saved) return { ok: false, error: 'grants.error.not_draft' } as const;
  const files = filesByField(await listProposalFiles(db, access.proposal.id));
  const missing = missingItems(access.call.fields, { ...content, files }, access.call.maxPerProjectTenge, ctx.label);
  if (missing.length) return { ok: false, error: 'grants.error.incomplete', missing } as ProposalOutcome;
  const done = await submitProposal(db, access, saved);
  if (!done.ok) return { ...done, params: { closes: ctx.formatTime(access.call.closesAt) } } as ProposalOutcome;
  const when = ctx.formatTime(done.submittedAt);
  for (const member of await listTeam(db, access.proposal))
    send(
      ctx.mailer,
      composeReceipt({
        to: member.email,
        locale: ctx.locale,
        call: ctx.callTitle,
        title: saved.answers.title ?? '',
        url: ctx.url,
        siteName: ctx.siteName,
        when,
      }),
    );
  return { ok: true, message: 'grants.submitted', params: { when } } as const;
}

export async function runProposalAction(
  db: Database,
  access: ProposalAccess,
  form: FormData,
  ctx: ProposalActionContext,
): Promise<ProposalOutcome> {
  const intent = trimmedFormText(form, 'intent', 20);
  if (intent === 'save') {
    const content = readProposalForm(form, access.call.fields);
    const saved = await saveProposal(db, access.proposal.id, { ...content, showTeam: form.get('show-team') === 'yes' });
    return saved ? { ok: true, message: 'grants.saved' } : { ok: false, error: 'grants.error.not_draft' };
  }
  if (intent === 'submit') return submit(db, access, form, ctx);
  if (intent === 'withdraw') {
    const done = await withdrawProposal(db, access);
    return done.ok ? { ok: true, message: 'grants.withdrawn' } : done;
  }
  if (intent === 'invite') {
    const email = emailSchema.safeParse(trimmedFormText(form, 'email', 254));
    if (!email.success)
      return { ok: false, error: 'auth.error.email_invalid', fields: { email: 'auth.error.email_invalid' } };
    const invited = await inviteCoApplicant(db, access, email.data);
    if (!invited.ok) return invited;
    if (invited.token === null) return { ok: true, message: 'grants.already_joined', params: { email: invited.email } };
    send(
      ctx.mailer,
      composeInvitation({
        to: invited.email,
        locale: ctx.locale,
        call: ctx.callTitle,
        title: access.proposal.answers.title ?? '',
        url: ctx.joinUrl(invited.token),
        siteName: ctx.siteName,
        lead: ctx.userName,
      }),
    );
    return { ok: true, message: 'grants.invited_to', params: { email: invited.email } };
  }
  return { ok: false, error: 'form.unreadable' };
}
