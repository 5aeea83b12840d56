/**
 * The courses' competency evidence (quiz questions and rubric criteria naming competencies,
 * assignments' pass marks, fields) and the frameworks' competencies, read straight from the
 * files in `courses/` for `oqu prepare`, which brings the programme report's kept demonstrations
 * up to date before the server starts (decision 050). In the same order and shape as the site's
 * catalogue (src/adapters/catalog.ts, frameworks.ts), so both give the same digest.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { assignmentSchema, type Assignment } from './assignment-schema.ts';
import { readCourseContents } from './content-files.ts';
import { FRAMEWORKS_FOLDER, frameworkSchema, type Competency } from './framework-schema.ts';

const yamlIds = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .map((file) => /^(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((id): id is string => Boolean(id))
        .sort((a, b) => a.localeCompare(b))
    : [];

const readYaml = (dir: string, id: string) => {
  const file = existsSync(join(dir, `${id}.yaml`)) ? join(dir, `${id}.yaml`) : join(dir, `${id}.yml`);
  return parseYaml(readFileSync(file, 'utf8')) as unknown;
};

/** Every course with its quizzes and assignments, sorted as the catalogue sorts them. */
export function readEvidenceCourses(coursesDir: string) {
  return readCourseContents(coursesDir)
    .map((course) => {
      const dir = join(coursesDir, course.slug, 'assignments');
      const assignments: Record<string, Assignment> = {};
      for (const id of yamlIds(dir)) assignments[id] = assignmentSchema.parse(readYaml(dir, id));
      return { ...course, assignments };
    })
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

/** Every competency of every framework, frameworks in the order of their ids. */
export function readFrameworkCompetencies(coursesDir: string): Competency[] {
  const dir = join(coursesDir, FRAMEWORKS_FOLDER);
  return yamlIds(dir).flatMap((id) => frameworkSchema.parse(readYaml(dir, id)).competencies);
}
