/** The audit log as CSV (UTF-8 with BOM, `;`), admins only. */
import type { APIRoute } from 'astro';
import { listAudit } from '#lib/audit/audit.server.ts';
import { authorizeAdminExport } from '#lib/admin/exports.server.ts';
import { csvResponse } from '#lib/http/csv-response.ts';
import { toCsv } from '#lib/reports/csv.ts';
export const prerender = false;

export const GET: APIRoute = async ({ locals, url, clientAddress }) => {
  const admin = authorizeAdminExport(locals.user, clientAddress);
  if (!admin.ok) return admin.response;
  const { db, t } = locals;
  const action = url.searchParams.get('action')?.slice(0, 40) || undefined;
  const actorEmail = url.searchParams.get('actor')?.slice(0, 254) || undefined;
  const { rows } = await listAudit(db, { action, actorEmail, limit: 100_000, offset: 0 });
  await admin.recordExport(db, 'audit', { action, actorEmail });
  return csvResponse(
    'oqu-audit.csv',
    toCsv(
      [t('csv.at'), t('csv.actor'), t('csv.action'), t('csv.target'), t('csv.details'), t('csv.ip')],
      rows.map((r) => [r.at, r.actorEmail, r.action, r.target, r.details ? JSON.stringify(r.details) : '', r.ip]),
    ),
  );
};
