/** A call's proposals or scores as CSV (UTF-8 with BOM, `;`), admins only; scores only once scoring is closed. */
import type { APIRoute } from 'astro';
import { authorizeAdminExport } from '#lib/admin/exports.server.ts';
import { findCall } from '#lib/grants/calls.server.ts';
import { GRANT_TABLES, proposalRows, scoreRows, type GrantTable } from '#lib/grants/exports.server.ts';
import { csvResponse } from '#lib/http/csv-response.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { toCsv } from '#lib/reports/csv.ts';
import { chainFor } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async ({ locals, params, clientAddress }) => {
  const admin = authorizeAdminExport(locals.user, clientAddress);
  if (!admin.ok) return admin.response;
  const { db, locale, t } = locals;
  const table = params.table as GrantTable;
  const call = await findCall(db, (params.id ?? '').slice(0, 64));
  if (!call || !GRANT_TABLES.includes(table)) return new Response(null, { status: 404 });
  const pick = (text: Parameters<typeof pickText>[0]) => pickText(text, locale, chainFor(locale));
  const data = table === 'proposals' ? await proposalRows(db, call, t, pick) : await scoreRows(db, call, t);
  if (!data) return new Response(null, { status: 404 });
  await admin.recordExport(db, 'grants', { call: call.id, table });
  return csvResponse(`oqu-grant-${table}-${call.id}.csv`, toCsv(data.header, data.rows));
};
