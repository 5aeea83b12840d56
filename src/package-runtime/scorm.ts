/**
 * The script inside a SCORM package's lesson pages (bundled by `oqu export-course --format
 * scorm12|scorm2004`): it finds the LMS's API (SCORM 2004's `API_1484_11` or 1.2's `API`), marks
 * a lesson without a quiz completed when it opens, and grades a lesson's quiz in the page with
 * Oqu's own rules (the answer key travels in the package), reporting the score and passed or
 * failed to the LMS.
 */
import type { Quiz } from '#lib/courses/schema.ts';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { answersFromForm } from '#lib/quiz/form.ts';
import { gradeQuiz } from '#lib/quiz/grade.ts';
import { reportedPercent } from '#lib/exchange/scorm-score.ts';

interface PageData {
  quiz: Quiz | null;
  texts: Record<string, string>;
}

/** What the page tells the LMS, in either version's words. */
interface Lms {
  read(key: 'status'): string;
  completed(): void;
  scored(percent: number, passed: boolean): void;
  finish(): void;
}

interface Api12 {
  LMSInitialize(a: ''): string;
  LMSFinish(a: ''): string;
  LMSGetValue(k: string): string;
  LMSSetValue(k: string, v: string): string;
  LMSCommit(a: ''): string;
}

interface Api2004 {
  Initialize(a: ''): string;
  Terminate(a: ''): string;
  GetValue(k: string): string;
  SetValue(k: string, v: string): string;
  Commit(a: ''): string;
}

function lms12(api: Api12): Lms {
  api.LMSInitialize('');
  return {
    read: () => api.LMSGetValue('cmi.core.lesson_status'),
    completed() {
      if (api.LMSGetValue('cmi.core.lesson_status') !== 'passed')
        api.LMSSetValue('cmi.core.lesson_status', 'completed');
      api.LMSCommit('');
    },
    scored(percent, passed) {
      api.LMSSetValue('cmi.core.score.min', '0');
      api.LMSSetValue('cmi.core.score.max', '100');
      api.LMSSetValue('cmi.core.score.raw', String(percent));
      api.LMSSetValue('cmi.core.lesson_status', passed ? 'passed' : 'failed');
      api.LMSCommit('');
    },
    finish: () => void api.LMSFinish(''),
  };
}

function lms2004(api: Api2004): Lms {
  api.Initialize('');
  return {
    read: () => api.GetValue('cmi.completion_status'),
    completed() {
      api.SetValue('cmi.completion_status', 'completed');
      api.Commit('');
    },
    scored(percent, passed) {
      api.SetValue('cmi.score.min', '0');
      api.SetValue('cmi.score.max', '100');
      api.SetValue('cmi.score.raw', String(percent));
      api.SetValue('cmi.score.scaled', (percent / 100).toFixed(4));
      api.SetValue('cmi.success_status', passed ? 'passed' : 'failed');
      api.SetValue('cmi.completion_status', 'completed');
      api.Commit('');
    },
    finish: () => void api.Terminate(''),
  };
}

/** The API the LMS put in a parent frame or the opener (SCORM run-time: the API discovery). */
function findLms(start: Window): Lms | undefined {
  let win: Window | null = start;
  for (let depth = 0; win && depth < 10; depth++) {
    const w = win as unknown as { API_1484_11?: Api2004; API?: Api12 };
    if (w.API_1484_11) return lms2004(w.API_1484_11);
    if (w.API) return lms12(w.API);
    if (win.parent === win) break;
    win = win.parent;
  }
  return start.opener ? findLms(start.opener as Window) : undefined;
}

function say(text: string): void {
  const status = document.getElementById('oqu-scorm-status');
  if (status) status.textContent = text;
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** Oqu's grade of the form; the percent as the LMS must see it to decide as Oqu did (scorm-score.ts). */
function gradeForm(form: HTMLFormElement, quiz: Quiz): { percent: number; passed: boolean } {
  const fields = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
  const lang = document.documentElement.lang;
  const locale = ((LOCALES as readonly string[]).includes(lang) ? lang : 'en') as Locale;
  const grade = gradeQuiz(quiz, answersFromForm(fields, quiz), locale);
  return { percent: reportedPercent(grade, quiz.passPercent), passed: grade.passed };
}

function start(): void {
  const data = JSON.parse(document.getElementById('oqu-scorm')?.textContent ?? '{}') as PageData;
  const lms = findLms(window);
  if (!lms) return say(data.texts.noLms ?? '');
  const quiz = data.quiz;
  const form = document.querySelector<HTMLFormElement>('form.quiz-form');
  if (!quiz || !form) lms.completed();
  else
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const { percent, passed } = gradeForm(form, quiz);
      lms.scored(percent, passed);
      // Whole percents shown as the site's quiz result shows them (rounded down: 66.67 failed is not "67 %").
      say(fill((passed ? data.texts.passed : data.texts.failed) ?? '', { percent: Math.floor(percent) }));
    });
  window.addEventListener('pagehide', () => lms.finish(), { once: true });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
