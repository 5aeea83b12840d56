/**
 * The programme report as CSV (admins): by course, or by course, field, region and month; or one
 * of its other sections (`?by=competencies|attendance|grant-calls|grants`).
 */
import type { APIRoute } from 'astro';
import { authorizeAdminExport } from '#lib/admin/exports.server.ts';
import { loadCatalog, loadProgrammes } from '#adapters/catalog.ts';
import { loadFrameworks } from '#adapters/frameworks.ts';
import { csvResponse } from '#lib/http/csv-response.ts';
import { toCsv } from '#lib/reports/csv.ts';
import { reportPeriod } from '#lib/reports/period.ts';
import { isProgrammeCsvSection } from '#lib/reports/programme-sections.ts';
import { exportProgrammeSection } from '#lib/reports/programme-sections.server.ts';
import { programmeCourseReport, programmeCourses, programmeReport } from '#lib/reports/programme.server.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { chainFor, site } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async ({ locals, url, clientAddress }) => {
  const admin = authorizeAdminExport(locals.user, clientAddress);
  if (!admin.ok) return admin.response;
  const { db, locale, t } = locals;
  const catalog = await loadCatalog();
  const shelf = catalog.map((c) => ({
    slug: c.slug,
    field: c.data.field,
    title: pickText(c.data.title, locale, chainFor(locale)),
  }));
  const covered = await programmeCourses(db, shelf, site.courses);
  const courseTitles = new Map(covered.map((c) => [c.course, c.title]));
  const title = (slug: string) => courseTitles.get(slug) ?? '';
  const period = reportPeriod(url.searchParams);
  const courseFields = Object.fromEntries(covered.map((c) => [c.course, c.field]));
  const by = url.searchParams.get('by');
  if (isProgrammeCsvSection(by)) {
    await admin.recordExport(db, 'programme', { from: period.from, to: period.to, by });
    const { filename, body } = await exportProgrammeSection(db, by, {
      locale,
      chain: chainFor(locale),
      ...period.range,
      courseFields,
      programmeFields: Object.fromEntries((await loadProgrammes()).map((p) => [p.id, p.data.field])),
      demonstrations: { courses: catalog, competencies: (await loadFrameworks()).flatMap((f) => f.data.competencies) },
    });
    return csvResponse(filename, body);
  }
  await admin.recordExport(db, 'programme', { from: period.from, to: period.to });
  if (by === 'course') {
    const report = await programmeCourseReport(db, { ...period.range, courseFields });
    return csvResponse(
      'oqu-programme-by-course.csv',
      toCsv(
        [
          t('csv.course'),
          t('csv.course_title'),
          t('csv.field'),
          t('csv.enrolments'),
          t('csv.completions'),
          t('csv.certificates'),
        ],
        report.rows.map((r) => [r.course, title(r.course), r.field, r.enrolments, r.completions, r.certificates]),
      ),
    );
  }
  const report = await programmeReport(db, { ...period.range, courseFields });
  return csvResponse(
    'oqu-programme.csv',
    toCsv(
      [
        t('csv.month'),
        t('csv.course'),
        t('csv.course_title'),
        t('csv.field'),
        t('csv.region'),
        t('csv.enrolments'),
        t('csv.completions'),
        t('csv.certificates'),
      ],
      report.rows.map((r) => [
        r.month,
        r.course,
        title(r.course),
        r.field,
        r.region,
        r.enrolments,
        r.completions,
        r.certificates,
      ]),
    ),
  );
};
