/** A session's sign-ups and attendance as CSV (the Excel-safe writer of the reports), audited. */
import type { Database } from '#db/client.ts';
import type { EventRow } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { translate } from '#lib/i18n/t.ts';
import { toCsv } from '#lib/reports/csv.ts';
import { listSignups } from './signups.server.ts';

export async function exportSignups(
  db: Database,
  actor: Actor,
  event: EventRow,
  locale: Locale,
): Promise<{ filename: string; body: string }> {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const people = await listSignups(db, event.id);
  const header = [
    t('event.position'),
    t('form.full_name'),
    t('form.email'),
    t('admin.status'),
    `${t('event.signed_up_at')} (Almaty, UTC+5)`,
    t('event.attendance'),
  ];
  const status = {
    // The trainee's own wording ("You are signed up") would be wrong about someone else.
    signed_up: t('event.state.signed_up'),
    waiting: t('event.waiting_list'),
    cancelled: t('events.status.cancelled'),
  };
  const rows = people.map((p) => [
    p.position,
    p.name,
    p.email,
    status[p.status],
    p.signedUpAt,
    p.attendance ? t(`event.attendance.${p.attendance}`) : '',
  ]);
  await recordAudit(db, actor, 'event.export', event.id, { rows: rows.length });
  return { filename: `session-${event.id}-signups.csv`, body: toCsv(header, rows) };
}
