/**
 * The mistakes trainers make (issue 21): each row copies the small sample course
 * (tests/fixtures/courses/sample) into a temporary folder, makes one mistake, runs
 * `npm run validate` in Kazakh and in English, and expects the file, the line and plain advice.
 *
 * To add a case, add one row to `CASES`: `break` edits files of the copy (paths are relative to
 * the course folder), `file` and `line` are where the finding must point, `kk` and `en` are
 * patterns its message must match, `severity` defaults to 'error' (which fails validate).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const projectRoot = join(import.meta.dirname, '..', '..');
const sample = join(projectRoot, 'tests', 'fixtures', 'courses');

interface Course {
  /** Replaces text in a file of the course (the text must be there). */
  edit: (file: string, from: string | RegExp, to: string) => void;
  write: (file: string, text: string) => void;
  rename: (from: string, to: string) => void;
  remove: (file: string) => void;
}

interface Case {
  name: string;
  break: (c: Course) => void;
  /** Path inside the course folder. */
  file: string;
  line?: number;
  severity?: 'error' | 'warning';
  kk: RegExp;
  en: RegExp;
}

/** A valid assignment `map` (line 9 is `maxMegabytes`). */
const ASSIGNMENT = `title: { kk: Карта, ru: Карта, en: Map }
brief: { kk: Картаны сызыңыз., ru: Нарисуйте карту., en: Draw the map. }
handIn:
  text: required
  link: optional
  files:
    max: 1
    kinds: [pdf]
    maxMegabytes: 5
rubric:
  - id: coverage
    title: { kk: Толықтығы, ru: Полнота, en: Coverage }
    levels:
      - { points: 0, description: { kk: Жоқ, ru: Нет, en: None } }
      - { points: 2, description: { kk: Бар, ru: Есть, en: Some } }
passPercent: 50
review: { by: trainer }
`;

/** Adds the assignment `map` and names it in lesson `02-second` in the given languages. */
function addAssignment(c: Course, namedIn: readonly string[], text = ASSIGNMENT) {
  c.write('assignments/map.yaml', text);
  for (const l of namedIn) c.edit(`01-basics/02-second.${l}.mdx`, 'quiz: check\n', 'quiz: check\nassignment: map\n');
}

export const CASES: Case[] = [
  {
    name: 'a required assignment named in the kk lesson only (Blocker)',
    break: (c) => addAssignment(c, ['kk']),
    file: '01-basics/02-second.kk.mdx',
    kk: /"map" тапсырмасы .*міндетті.*ru, en оқырмандары оны ешқашан көрмейді/,
    en: /assignment "map" is required .* readers of ru, en never see it: .*add "assignment: map" to the ru, en file/,
  },
  {
    name: 'an assignment file that no lesson names, required by completion (Blocker)',
    break: (c) => addAssignment(c, []),
    file: 'course.yaml',
    line: 12,
    kk: /"map" тапсырмасы .*ешбір сабақ көрсетпейді.*"assignment: map"/,
    en: /assignment "map" is required .* no lesson shows it .*add "assignment: map".*or leave it out of completion/,
  },
  {
    name: 'a lesson names an assignment that has no file',
    break: (c) => c.edit('01-basics/02-second.kk.mdx', 'quiz: check\n', 'quiz: check\nassignment: mapp\n'),
    file: '01-basics/02-second.kk.mdx',
    line: 6,
    kk: /белгісіз "mapp" тапсырмасы: бұл курста assignments\/mapp.yaml файлы жоқ/,
    en: /unknown assignment "mapp": there is no file assignments\/mapp.yaml in this course/,
  },
  {
    name: 'a misspelt key in an assignment file (maxMegabyte)',
    break: (c) => addAssignment(c, ['kk', 'ru', 'en'], ASSIGNMENT.replace('maxMegabytes', 'maxMegabyte')),
    file: 'assignments/map.yaml',
    line: 9,
    kk: /белгісіз "maxMegabyte" кілті: "maxMegabytes" деп жазғыңыз келді ме/,
    en: /unknown key "maxMegabyte".*did you mean "maxMegabytes"\?/,
  },
  {
    name: 'rubric levels listed from the highest',
    break: (c) => addAssignment(c, ['kk', 'ru', 'en'], ASSIGNMENT.replace('points: 0', 'points: 3')),
    file: 'assignments/map.yaml',
    kk: /деңгейлерді төменгісінен жоғарғысына қарай жазыңыз/,
    en: /list the levels from the lowest to the highest/,
  },
  {
    name: 'a required quiz named in the kk lesson only (Blocker)',
    break: (c) => {
      c.edit('01-basics/02-second.ru.mdx', 'quiz: check\n', '');
      c.edit('01-basics/02-second.en.mdx', 'quiz: check\n', '');
    },
    file: '01-basics/02-second.kk.mdx',
    kk: /"check" тесті .*міндетті.*ru, en оқырмандары оны ешқашан көрмейді/,
    en: /quiz "check" is required .* readers of ru, en never see it: .*add "quiz: check" to the ru, en file/,
  },
  {
    name: 'a required quiz in no lesson (Blocker)',
    break: (c) => {
      for (const l of ['kk', 'ru', 'en']) c.edit(`01-basics/02-second.${l}.mdx`, 'quiz: check\n', '');
    },
    file: 'course.yaml',
    line: 14,
    kk: /"check" тесті .*ешбір сабақ көрсетпейді/,
    en: /quiz "check" is required .* no lesson shows it .*add "quiz: check"/,
  },
  {
    name: 'a misspelt key quizz: in one translation',
    break: (c) => c.edit('01-basics/02-second.ru.mdx', 'quiz: check', 'quizz: check'),
    file: '01-basics/02-second.ru.mdx',
    line: 5,
    kk: /белгісіз "quizz" кілті: "quiz" деп жазғыңыз келді ме/,
    en: /unknown key "quizz".*did you mean "quiz"\?/,
  },
  {
    name: 'feedbak in a question, named by its id',
    break: (c) =>
      c.edit(
        'quizzes/check.yaml',
        '    accept: { kk: [иә], ru: [да], en: [yes] }',
        '    accept: { kk: [иә], ru: [да], en: [yes] }\n    feedbak: { kk: а, ru: а, en: a }',
      ),
    file: 'quizzes/check.yaml',
    line: 17,
    kk: /question "two" ішінде белгісіз "feedbak" кілті: "feedback"/,
    en: /unknown key "feedbak" in question "two": did you mean "feedback"\?/,
  },
  {
    name: 'corect on a choice',
    break: (c) => c.edit('quizzes/check.yaml', 'correct: true', 'corect: true'),
    file: 'quizzes/check.yaml',
    line: 10,
    kk: /"corect" кілті: "correct"/,
    en: /unknown key "corect" in question "one", choice "a": did you mean "correct"\?/,
  },
  {
    name: 'a colon in unquoted text',
    break: (c) => c.edit('01-basics/01-first.kk.mdx', 'title: First (kk)', 'title: Step one: plan'),
    file: '01-basics/01-first.kk.mdx',
    line: 2,
    kk: /қос нүктесі бар мәтінді тырнақшаға алыңыз/,
    en: /put text containing a colon in quotes/,
  },
  {
    name: 'a tab for indentation',
    break: (c) => c.edit('course.yaml', '  - name: Test Author', '\t- name: Test Author'),
    file: 'course.yaml',
    line: 8,
    kk: /таб емес, екі бос орын/,
    en: /indent with two spaces, never tabs/,
  },
  {
    name: 'a choice id written as true without quotes',
    break: (c) => c.edit('quizzes/check.yaml', '      - id: a\n', '      - id: true\n'),
    file: 'quizzes/check.yaml',
    line: 8,
    kk: /тырнақшаға алыңыз, "true"/,
    en: /write it in quotes, "true"/,
  },
  {
    name: 'a Latin letter in an accepted answer',
    break: (c) => c.edit('quizzes/check.yaml', 'kk: [иә]', 'kk: [жобa]'),
    file: 'quizzes/check.yaml',
    line: 16,
    kk: /"жобa" кирилл сөзінің ішінде латын әріптері бар \(a\).*"жоба" деп жазыңыз/,
    en: /"жобa" mixes Latin letters \(a\).*graded wrong: write "жоба"/,
  },
  {
    name: 'a Latin letter in lesson prose is a warning',
    severity: 'warning',
    break: (c) => c.edit('01-basics/01-first.kk.mdx', 'Text.', 'Жобaны жоспарлау.'),
    file: '01-basics/01-first.kk.mdx',
    line: 9,
    kk: /"Жобaны" .*"Жобаны" деп жазыңыз/,
    en: /"Жобaны" mixes Latin letters/,
  },
  {
    name: 'a lesson file name with a typo in one translation',
    break: (c) => c.rename('01-basics/01-first.ru.mdx', '01-basics/01-frist.ru.mdx'),
    file: '01-basics/01-frist.ru.mdx',
    kk: /дұрысы 01-first\.ru\.mdx болуы керек/,
    en: /differs from its translations by a typo.*probably it should be 01-first\.ru\.mdx/,
  },
  {
    name: 'a lesson saved as .ru.mdx.txt',
    break: (c) => c.rename('01-basics/01-first.ru.mdx', '01-basics/01-first.ru.mdx.txt'),
    file: '01-basics/01-first.ru.mdx.txt',
    kk: /сабақ ретінде оқылмайды.*01-first\.ru\.mdx/,
    en: /not read as a lesson.*probably it should be 01-first\.ru\.mdx/,
  },
  {
    name: 'a question without the English text on a kk/ru/en site',
    break: (c) =>
      c.edit(
        'quizzes/check.yaml',
        'prompt: { kk: Қайсысы?, ru: Какой?, en: Which? }',
        'prompt: { kk: Қайсысы?, ru: Какой? }',
      ),
    file: 'quizzes/check.yaml',
    line: 6,
    kk: /question "one"\.prompt: en мәтіні жоқ: бұл курс kk, ru, en тілдерінде оқылады/,
    en: /question "one"\.prompt: the en text is missing: this course is read in kk, ru, en/,
  },
  {
    name: 'a misspelt level value',
    break: (c) => c.edit('course.yaml', 'level: beginner', 'level: begginer'),
    file: 'course.yaml',
    line: 5,
    kk: /"begginer" мәніне рұқсат жоқ: "beginner"/,
    en: /"begginer" is not allowed: did you mean "beginner"\?/,
  },
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function brokenCourse(c: Case): string {
  const root = mkdtempSync(join(tmpdir(), 'oqu-mistake-'));
  dirs.push(root);
  cpSync(sample, join(root, 'courses'), { recursive: true });
  const at = (f: string) => join(root, 'courses', 'sample', f);
  c.break({
    edit: (file, from, to) => {
      const text = readFileSync(at(file), 'utf8');
      const next = text.replace(from, to);
      if (next === text) throw new Error(`${file} does not contain ${String(from)}`);
      writeFileSync(at(file), next);
    },
    write: (file, text) => {
      mkdirSync(dirname(at(file)), { recursive: true });
      writeFileSync(at(file), text);
    },
    rename: (from, to) => renameSync(at(from), at(to)),
    remove: (file) => rmSync(at(file)),
  });
  return root;
}

function validate(root: string, lang: 'kk' | 'en') {
  const run = spawnSync(
    process.execPath,
    [join(projectRoot, 'src/cli/oqu.ts'), 'validate', join(root, 'courses'), '--lang', lang],
    {
      encoding: 'utf8',
      cwd: root,
      env: { ...process.env, OQU_LANG: '', OQU_CONFIG: join(projectRoot, 'oqu.config.yaml') },
    },
  );
  return { status: run.status, out: `${run.stderr}\n${run.stdout}` };
}

describe('trainer mistakes: validate names the file, the line and the fix', () => {
  test.each(CASES)('$name', (c) => {
    const root = brokenCourse(c);
    const where = `courses/sample/${c.file}${c.line ? `:${c.line}` : ''}:`;
    const severity = c.severity ?? 'error';
    for (const [lang, pattern, label] of [
      ['kk', c.kk, severity === 'error' ? 'қате' : 'ескерту'],
      ['en', c.en, severity],
    ] as const) {
      const { status, out } = validate(root, lang);
      const lines = out.split('\n').filter((l) => l.startsWith(`${label} `) && l.includes(where));
      expect(lines.join('\n'), `${lang}:\n${out}`).toMatch(pattern);
      expect(status).toBe(severity === 'error' ? 1 : 0);
      // One message per mistake.
      const findings = out.split('\n').filter((l) => /^(error|warning|қате|ескерту) /.test(l));
      expect(findings, out).toHaveLength(1);
    }
  });
});
