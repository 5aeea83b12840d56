/**
 * The admin page "Courses from partners" reads its address (which course to preview) and its one
 * form (install the previewed version) here, with zod; partner.server.ts does the work.
 */
import { z } from 'zod';
import type { Database } from '#db/client.ts';
import type { Actor } from '#lib/audit/audit.server.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';
import { applyPartnerCourse, type PartnerContext } from './partner.server.ts';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const host = z.url({ protocol: /^https?$/ }).max(500);

const previewQuery = z.object({ host, course: slug });
const applyForm = z.object({
  intent: z.literal('apply'),
  host,
  course: slug,
  version: z.string().regex(/^[0-9a-f]{64}$/),
  confirm: z.literal('yes').optional(),
});

/** The course `?host=…&course=…` asks to preview, or null for the overview. */
export function partnerPreviewRequest(url: URL): { host: string; course: string } | null {
  const parsed = previewQuery.safeParse({
    host: url.searchParams.get('host') ?? undefined,
    course: url.searchParams.get('course') ?? undefined,
  });
  return parsed.success ? parsed.data : null;
}

/** The install form: the host, course and version previewed, and the confirmation when asked. */
export async function runPartnerCourseForm(
  db: Database,
  actor: Actor,
  context: PartnerContext,
  form: FormData,
): Promise<ActionOutcome<{ course?: string }, MessageKey>> {
  const parsed = applyForm.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
  if (!parsed.success) return { ok: false, error: 'form.unreadable' };
  const { confirm, ...input } = parsed.data;
  const outcome = await applyPartnerCourse(db, actor, context, { ...input, confirm: confirm === 'yes' });
  return outcome.ok ? { ...outcome, params: { course: input.course } } : outcome;
}
