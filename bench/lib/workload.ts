/**
 * What the simulated trainees do: the pages and forms of the built site, and one request
 * builder per kind of request. Shared by the throughput runs and the mixed workload.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { courseFolders } from '../../src/lib/courses/content-files.ts';
import { parse } from 'yaml';
import { rightAnswers, wrongAnswers, type QuizFile } from '../../tests/helpers/quiz-answers.ts';
import type { Learner } from './seed.ts';
import type { SiteSnapshot } from './site.ts';

export interface LoadRequest {
  /** A short name for the statistics, e.g. "lesson", "quiz". */
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The status a correct answer has (200, or 303 for a form post). */
  expect: number;
}

export interface QuizTarget {
  course: string;
  lesson: string;
  quizId: string;
  right: string;
  wrong: string;
  /** The quiz's attempt limit per learner, when it has one. */
  maxAttempts?: number;
}

export interface SiteContent {
  /** Every prerendered lesson page, e.g. /en/courses/urbanism/wayfinding/. */
  lessonPaths: string[];
  /** Lesson slugs by course (from the English pages). */
  lessonsByCourse: Map<string, string[]>;
  courses: string[];
  /** Every quiz with a lesson that hosts it, and its attempt limit (RequestFactory spreads posts under it). */
  quizzes: QuizTarget[];
  /** The lessons the page-weight and throughput parts use. */
  plainLesson: string;
  quizLesson: string;
}

const LESSON_FILE = /^\d{2}-(.+)\.([a-z]{2})\.mdx?$/;

function quizOfLesson(file: string): string | undefined {
  const front = readFileSync(file, 'utf8').split(/^---\s*$/m)[1] ?? '';
  return /^quiz:\s*["']?([a-z0-9-]+)["']?\s*$/m.exec(front)?.[1];
}

/** Finds lesson pages, quizzes and their lessons in the snapshot. */
export function discoverContent(site: SiteSnapshot, preferredCourse = 'urbanism'): SiteContent {
  const lessonPaths: string[] = [];
  const lessonsByCourse = new Map<string, string[]>();
  for (const locale of readdirSync(site.clientDir)) {
    const coursesDir = join(site.clientDir, locale, 'courses');
    if (!existsSync(coursesDir)) continue;
    for (const course of readdirSync(coursesDir)) {
      for (const lesson of readdirSync(join(coursesDir, course))) {
        if (!existsSync(join(coursesDir, course, lesson, 'index.html'))) continue;
        lessonPaths.push(`/${locale}/courses/${course}/${lesson}/`);
        if (locale === 'en') lessonsByCourse.set(course, [...(lessonsByCourse.get(course) ?? []), lesson]);
      }
    }
  }
  const coursesRoot = join(site.root, 'courses');
  const quizTargets: QuizTarget[] = [];
  const quizLessons: { course: string; lesson: string }[] = [];
  const plainLessons: { course: string; lesson: string }[] = [];
  for (const course of courseFolders(coursesRoot)) {
    const quizzes = new Map<string, QuizFile & { maxAttempts?: number }>();
    const quizDir = join(coursesRoot, course, 'quizzes');
    if (existsSync(quizDir)) {
      for (const file of readdirSync(quizDir).filter((f) => /\.ya?ml$/.test(f))) {
        quizzes.set(
          file.replace(/\.ya?ml$/, ''),
          parse(readFileSync(join(quizDir, file), 'utf8')) as QuizFile & { maxAttempts?: number },
        );
      }
    }
    for (const module of readdirSync(join(coursesRoot, course)).filter((m) => /^\d{2}-/.test(m))) {
      for (const file of readdirSync(join(coursesRoot, course, module))) {
        const match = LESSON_FILE.exec(file);
        if (!match || match[2] !== 'en') continue;
        const lesson = match[1]!;
        const quizId = quizOfLesson(join(coursesRoot, course, module, file));
        const quiz = quizId ? quizzes.get(quizId) : undefined;
        if (!quizId || !quiz) {
          plainLessons.push({ course, lesson });
          continue;
        }
        quizLessons.push({ course, lesson });
        quizTargets.push({
          course,
          lesson,
          quizId,
          right: rightAnswers(quiz).toString(),
          wrong: wrongAnswers(quiz).toString(),
          ...(quiz.maxAttempts === undefined ? {} : { maxAttempts: quiz.maxAttempts }),
        });
      }
    }
  }
  const pick = (list: { course: string; lesson: string }[]): string => {
    const chosen = list.find((l) => l.course === preferredCourse) ?? list[0];
    if (!chosen) throw new Error('the site has no lesson of this kind');
    return `/en/courses/${chosen.course}/${chosen.lesson}/`;
  };
  return {
    lessonPaths: lessonPaths.sort(),
    lessonsByCourse,
    courses: [...lessonsByCourse.keys()].sort(),
    quizzes: quizTargets,
    plainLesson: pick(plainLessons),
    quizLesson: pick(quizLessons),
  };
}

/** Picks uniformly from a non-empty list. */
export function pickOne<T>(list: readonly T[]): T {
  const item = list[Math.floor(Math.random() * list.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

let keyCounter = 0;

/** The course the seeded learners are enrolled in (context.ts), whose quizzes the load posts to. */
export const ENROLLED_COURSE = 'urbanism';

/**
 * Learners the load parts seed: each may post 3 attempts at each of the course's 2 quizzes, so 3,000 learners carry
 * 18,000 stored quiz posts, more than a 12-second run at 1,000 posts/s.
 */
export const QUIZ_LEARNERS = 3000;

/** Builds requests as a browser on the same site sends them (same-origin Origin on posts). */
export class RequestFactory {
  readonly origin: string;
  readonly content: SiteContent;
  readonly learners: readonly Learner[];

  constructor(origin: string, content: SiteContent, learners: readonly Learner[]) {
    this.origin = origin;
    this.content = content;
    this.learners = learners;
  }

  private learner(): Learner {
    return pickOne(this.learners);
  }

  private form(learner: Learner): Record<string, string> {
    return { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin, cookie: learner.cookie };
  }

  /** A prerendered lesson page (any language), anonymous as a search engine or a new visitor. */
  lesson(path = pickOne(this.content.lessonPaths)): LoadRequest {
    return { kind: 'lesson', method: 'GET', path, headers: {}, expect: 200 };
  }

  /** A course syllabus for a signed-in learner (rendered per request, with their progress). */
  syllabus(course = 'urbanism'): LoadRequest {
    return {
      kind: 'syllabus',
      method: 'GET',
      path: `/en/courses/${course}/`,
      headers: { cookie: this.learner().cookie },
      expect: 200,
    };
  }

  catalogue(): LoadRequest {
    return { kind: 'catalogue', method: 'GET', path: '/en/', headers: { cookie: this.learner().cookie }, expect: 200 };
  }

  account(): LoadRequest {
    return {
      kind: 'account',
      method: 'GET',
      path: '/en/account',
      headers: { cookie: this.learner().cookie },
      expect: 200,
    };
  }

  /** "Mark as done" on a random lesson of a random course. */
  markDone(): LoadRequest {
    const course = pickOne(this.content.courses);
    const lesson = pickOne(this.content.lessonsByCourse.get(course) ?? []);
    return {
      kind: 'progress',
      method: 'POST',
      path: `/en/courses/${course}/${lesson}/done`,
      headers: this.form(this.learner()),
      body: '',
      expect: 303,
    };
  }

  /** A quiz submission (half right, half wrong) with a fresh idempotency key, stored as a new attempt. */
  quiz(): LoadRequest {
    const { learner, target } = this.nextQuizTaker();
    keyCounter += 1;
    const key = `bench-${process.pid}-${keyCounter}-${Math.random().toString(36).slice(2, 10)}`;
    const answers = keyCounter % 2 === 0 ? target.right : target.wrong;
    return {
      kind: 'quiz',
      method: 'POST',
      path: `/en/courses/${target.course}/${target.lesson}/quiz`,
      headers: this.form(learner),
      body: `${answers}&idempotencyKey=${key}`,
      expect: 303,
    };
  }

  /** Attempts sent per learner and quiz: the curriculum's quizzes have attempt limits. */
  private readonly attemptsSent = new Map<string, number>();
  private quizTurn = 0;

  /** Counts an attempt sent outside the load (e.g. while obtaining certificates) against the learner's limit. */
  noteAttempt(learnerId: string, quizId: string): void {
    const pair = `${learnerId}/${quizId}`;
    this.attemptsSent.set(pair, (this.attemptsSent.get(pair) ?? 0) + 1);
  }

  /**
   * The next learner and quiz of the enrolled course, in turn, skipping pairs whose attempts are used up, so that
   * every quiz post stores an attempt rather than meeting the limit (a cheaper refusal that would flatter the rate).
   */
  private nextQuizTaker(): { learner: Learner; target: QuizTarget } {
    const quizzes = this.content.quizzes.filter((q) => q.course === ENROLLED_COURSE);
    const slots = this.learners.length * quizzes.length;
    for (let tried = 0; tried < slots; tried++) {
      const turn = this.quizTurn++ % slots;
      const learner = this.learners[turn % this.learners.length]!;
      const target = quizzes[Math.floor(turn / this.learners.length)]!;
      const sent = this.attemptsSent.get(`${learner.id}/${target.quizId}`) ?? 0;
      if (target.maxAttempts !== undefined && sent >= target.maxAttempts) continue;
      this.noteAttempt(learner.id, target.quizId);
      return { learner, target };
    }
    throw new Error(`the ${this.learners.length} learners have used every quiz attempt: seed more learners`);
  }

  certificate(code: string): LoadRequest {
    return { kind: 'certificate', method: 'GET', path: `/certificates/${code}.pdf`, headers: {}, expect: 200 };
  }
}
