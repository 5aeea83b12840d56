/** Lists lessons and quizzes straight from the files in courses/, independently of the site code. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface LessonFileInfo {
  course: string;
  slug: string;
  locale: string;
  file: string;
  quiz?: string;
}

const isDir = (p: string) => statSync(p).isDirectory();

export function listCourses(coursesDir: string): string[] {
  return (
    readdirSync(coursesDir)
      // `_frameworks` holds the competency frameworks, not a course (decision 034).
      .filter((d) => !/^[._]/.test(d) && isDir(join(coursesDir, d)))
      .sort()
  );
}

export function listLessonFiles(coursesDir: string): LessonFileInfo[] {
  const out: LessonFileInfo[] = [];
  for (const course of listCourses(coursesDir)) {
    for (const module of readdirSync(join(coursesDir, course))
      .filter((d) => /^\d{2}-/.test(d))
      .sort()) {
      for (const file of readdirSync(join(coursesDir, course, module)).sort()) {
        const m = /^\d{2}-(.+)\.(kk|ru|en)\.mdx$/.exec(file);
        if (!m) continue;
        const abs = join(coursesDir, course, module, file);
        const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(abs, 'utf8'))?.[1] ?? '';
        out.push({
          course,
          slug: m[1]!,
          locale: m[2]!,
          file: abs,
          quiz: (parse(front) as { quiz?: string } | null)?.quiz,
        });
      }
    }
  }
  return out;
}

export function readQuizFiles(coursesDir: string, course: string): Record<string, any> {
  const dir = join(coursesDir, course, 'quizzes');
  const out: Record<string, any> = {};
  try {
    for (const f of readdirSync(dir))
      if (f.endsWith('.yaml')) out[f.replace(/\.yaml$/, '')] = parse(readFileSync(join(dir, f), 'utf8'));
  } catch {
    // a course without quizzes
  }
  return out;
}

/**
 * The assignments a course requires (`completion: assignments` in course.yaml): every file in
 * `assignments/` under `all` or when left out, the listed ids otherwise, none under `[]`.
 */
export function requiredAssignments(coursesDir: string, course: string): string[] {
  const rule = parse(readFileSync(join(coursesDir, course, 'course.yaml'), 'utf8'))?.completion?.assignments;
  if (Array.isArray(rule)) return rule as string[];
  try {
    return readdirSync(join(coursesDir, course, 'assignments'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
  } catch {
    return []; // a course without assignments
  }
}
