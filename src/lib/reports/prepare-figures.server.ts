/**
 * `oqu prepare`'s part of the programme report's kept figures (decision 050): the courses' fields
 * and the competencies demonstrated brought up to date from the files in `courses/` before the
 * server starts, so that a new copy (or a changed course or framework) costs its seconds there
 * rather than on the report's first view.
 */
import type { Database } from '#db/client.ts';
import { readEvidenceCourses, readFrameworkCompetencies } from '#lib/courses/competency-files.ts';
import { syncDemonstrations } from './demonstrations.server.ts';
import { syncReportCourseFields } from './kept-figures.server.ts';

/** Returns how many trainees' competencies were worked out. */
export async function prepareReportFigures(db: Database, coursesDir: string): Promise<number> {
  const courses = readEvidenceCourses(coursesDir);
  await syncReportCourseFields(db, Object.fromEntries(courses.map((c) => [c.slug, c.data.field])));
  return syncDemonstrations(db, { courses, competencies: readFrameworkCompetencies(coursesDir) });
}
