/** The programme report as CSV (admins): by course, or by course, field, region and month. */
import type { APIRoute } from 'astro';
import { authorizeAdminExport } from '#lib/admin/exports.server.ts';
import { loadCatalog } from '#adapters/catalog.ts';
import { csvResponse } from '#lib/http/csv-response.ts';
import { toCsv } from '#lib/reports/csv.ts';
import { reportPeriod } from '#lib/reports/period.ts';
import { programmeCourseReport, programmeReport } from '#lib/reports/programme.server.ts';
export const prerender = false;

export const GET: APIRoute = async ({ locals, url, clientAddress }) => {
  const admin = authorizeAdminExport(locals.user, clientAddress);
  if (!admin.ok) return admin.response;
  const db = locals.db;
  const period = reportPeriod(url.searchParams);
  const courseFields = Object.fromEntries((await loadCatalog()).map((c) => [c.slug, c.data.field]));
  await admin.recordExport(db, 'programme', { from: period.from, to: period.to });
  if (url.searchParams.get('by') === 'course') {
    const report = await programmeCourseReport(db, { ...period.range, courseFields });
    return csvResponse(
      'oqu-programme-by-course.csv',
      toCsv(
        ['course', 'field', 'enrolments', 'completions', 'certificates'],
        report.rows.map((r) => [r.course, r.field, r.enrolments, r.completions, r.certificates]),
      ),
    );
  }
  const report = await programmeReport(db, { ...period.range, courseFields });
  return csvResponse(
    'oqu-programme.csv',
    toCsv(
      ['month', 'course', 'field', 'region', 'enrolments', 'completions', 'certificates'],
      report.rows.map((r) => [r.month, r.course, r.field, r.region, r.enrolments, r.completions, r.certificates]),
    ),
  );
};
