/**
 * 5. Build time per page: a temporary copy of the project (its node_modules linked entry by
 * entry, so caches stay in the copy) gets a generated course of ~1,000 lesson files, then
 * `astro build` is timed and its process tree's memory sampled. The real courses/ and dist/
 * are never touched.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { courseFolders } from '../../src/lib/courses/content-files.ts';
import { buildHeapFlags } from '../../src/cli/build-heap.ts';
import { parse, stringify } from 'yaml';
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { startManaged, sampleTreeRss } from '../lib/processes.ts';
import { makeRow, type Row } from '../lib/report.ts';

const COPIED = [
  'src',
  'db',
  'public',
  'courses',
  'astro.config.mjs',
  'tsconfig.json',
  'package.json',
  'oqu.config.yaml',
];
/** Cache folders that must not be shared with the real project. */
const NOT_LINKED = new Set(['.astro', '.vite', '.vite-temp', '.cache']);
const GENERATED = 'bench-generated';
const LOCALES = ['kk', 'ru', 'en'] as const;
const PER_MODULE = 34;

/** Copies the sources from `source` (the run's snapshot, or the live tree) and links node_modules of `projectRoot`. */
function copyProject(source: string, projectRoot: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of COPIED)
    if (existsSync(join(source, name))) cpSync(join(source, name), join(dir, name), { recursive: true });
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(projectRoot, 'node_modules'))) {
    if (!NOT_LINKED.has(entry)) symlinkSync(join(projectRoot, 'node_modules', entry), join(modules, entry));
  }
}

/** Lesson bodies (without front matter) of the real curriculum, by language. */
function lessonBodies(coursesDir: string): Record<string, string[]> {
  const bodies: Record<string, string[]> = { kk: [], ru: [], en: [] };
  for (const course of courseFolders(coursesDir)) {
    for (const module of readdirSync(join(coursesDir, course)).filter((m) => /^\d{2}-/.test(m))) {
      for (const file of readdirSync(join(coursesDir, course, module))) {
        const m = /\.([a-z]{2})\.mdx$/.exec(file);
        if (!m) continue;
        const text = readFileSync(join(coursesDir, course, module, file), 'utf8');
        const body = text.replace(/^---[\s\S]*?\n---\s*\n/, '');
        bodies[m[1]!]?.push(body);
      }
    }
  }
  return bodies;
}

/** Writes a course with `lessonFiles` lesson files (a third per language); returns the number written. */
function generateCourse(coursesDir: string, lessonFiles: number): number {
  const target = join(coursesDir, GENERATED);
  const bodies = lessonBodies(coursesDir);
  const base = parse(readFileSync(join(coursesDir, 'urbanism', 'course.yaml'), 'utf8')) as Record<string, unknown>;
  const lessons = Math.ceil(lessonFiles / LOCALES.length);
  const moduleCount = Math.ceil(lessons / PER_MODULE);
  const modules = Array.from({ length: moduleCount }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return { folder: `${n}-generated-module-${n}`, title: { kk: `Модуль ${n}`, ru: `Модуль ${n}`, en: `Module ${n}` } };
  });
  const course = {
    ...base,
    title: { kk: 'Жасалған курс', ru: 'Сгенерированный курс', en: 'Generated course' },
    modules,
    completion: { lessons: 'all', quizzes: 'all' },
  };
  mkdirSync(join(target, 'assets'), { recursive: true });
  writeFileSync(join(target, 'course.yaml'), stringify(course));
  // Lessons may link handouts and figures of their own course: give this one all of them.
  for (const other of courseFolders(coursesDir)) {
    const assets = join(coursesDir, other, 'assets');
    if (other !== GENERATED && existsSync(assets)) cpSync(assets, join(target, 'assets'), { recursive: true });
  }
  let written = 0;
  for (let i = 0; i < lessons; i++) {
    const module = modules[Math.floor(i / PER_MODULE)]!;
    const number = String((i % PER_MODULE) + 1).padStart(2, '0');
    mkdirSync(join(target, module.folder), { recursive: true });
    for (const locale of LOCALES) {
      if (written >= lessonFiles) break;
      const pool = bodies[locale] ?? [];
      const body = pool[i % pool.length] ?? '## Text\n\nGenerated lesson.\n';
      const front =
        `---\ntitle: "Generated lesson ${i + 1} (${locale})"\ndescription: "A generated lesson for the ` +
        `build benchmark, number ${i + 1}."\nminutes: 12\n---\n\n`;
      writeFileSync(join(target, module.folder, `${number}-lesson-${i + 1}.${locale}.mdx`), front + body);
      written += 1;
    }
  }
  return written;
}

function countHtml(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) n += countHtml(join(dir, entry.name));
    else if (entry.name.endsWith('.html')) n += 1;
  }
  return n;
}

/** Astro's own progress lines (phases and their timings), without per-page lines and warnings. */
const PHASE = /\[(build|content|types)\]|\[vite\] ✓|Completed in|static routes|prerender/i;
const NOT_PHASE = /[├└│╭╰]|\[WARN\]/;

/** "content and types 1.7 s, vite builds 9.9 + 13.2 s, prerender 9.3 s", from Astro's phase lines. */
function summarizePhases(phases: readonly string[]): string {
  const seconds = (re: RegExp): string[] =>
    phases.map((l) => re.exec(l)?.[1]).filter((v): v is string => v !== undefined);
  const collect = seconds(/\[build\] ✓ Completed in ([\d.]+)s/)[0];
  const vite = seconds(/\[vite\] ✓ built in ([\d.]+m?s)/);
  const at = phases.findIndex((l) => /prerender/i.test(l));
  const prerender =
    at >= 0
      ? /Completed in ([\d.]+)s/.exec(phases.slice(at).find((l) => /Completed in/.test(l)) ?? '')?.[1]
      : undefined;
  return [
    collect && `content sync and types ${collect} s`,
    vite.length && `vite builds ${vite.join(' + ')}`,
    prerender && `prerendering ${prerender} s`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The last phase line (they start with the local time, HH:MM:SS) printed before `when`. */
function phaseAt(phases: readonly string[], when: Date): string | null {
  const clock = when.toTimeString().slice(0, 8);
  let found: string | null = null;
  for (const line of phases) {
    const time = /^(\d{2}:\d{2}:\d{2})/.exec(line)?.[1];
    if (time && time <= clock) found = line.slice(9);
    else if (!time && found !== null) found = line; // e.g. "prerendering static routes"
  }
  return found;
}

/** Runs a command in `cwd`, timing it and sampling its tree's memory; keeps Astro's phase lines. */
async function timed(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<{ seconds: number; peakMb: number; mainPeakMb: number; phases: string[]; peakDuring: string | null }> {
  const started = performance.now();
  const child = startManaged(name, command, args, {
    cwd,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...extraEnv },
  });
  const sampler = sampleTreeRss(child.pid);
  const phases: string[] = [];
  let partial = '';
  const scan = (chunk: Buffer): void => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const raw of lines) {
      const line = raw.replace(/\x1b\[[0-9;]*m/g, '').trim();
      if (PHASE.test(line) && !NOT_PHASE.test(line)) phases.push(line);
    }
  };
  child.child.stdout?.on('data', scan);
  child.child.stderr?.on('data', scan);
  const code = await new Promise<number | null>((resolve) => child.child.once('exit', (c) => resolve(c)));
  const peak = sampler.stop();
  const seconds = (performance.now() - started) / 1000;
  await child.stop();
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${child.log().slice(-3000)}`);
  return { seconds, peakMb: peak.tree, mainPeakMb: peak.root, phases, peakDuring: phaseAt(phases, peak.peakAt) };
}

async function run(ctx: BenchContext): Promise<PartResult> {
  const dir = join(ctx.tmp, 'build-project');
  const lessonFiles = ctx.quick ? 150 : 1000;
  try {
    // The sources the run built and measured (others may be editing the live tree meanwhile).
    const source = ctx.hasSnapshot() ? ctx.site().root : ctx.projectRoot;
    if (!ctx.hasSnapshot()) ctx.log('  copying the live source tree (no snapshot in this run)');
    copyProject(source, ctx.projectRoot, dir);
    const written = generateCourse(join(dir, 'courses'), lessonFiles);
    ctx.log(`  generated ${written} lesson files in courses/${GENERATED} of a temporary copy`);
    const node = process.execPath;
    const validate = await timed('oqu validate', node, [join(dir, 'src', 'cli', 'oqu.ts'), 'validate'], dir);
    ctx.log(`  validate: ${validate.seconds.toFixed(1)} s`);
    // As `npm run build` runs it: with its default heap cap (src/cli/build-heap.ts).
    const astro = await timed(
      'astro build',
      node,
      [...buildHeapFlags(process.env), join(dir, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'],
      dir,
    );
    const pages = countHtml(join(dir, 'dist', 'client'));
    ctx.log(`  astro build: ${astro.seconds.toFixed(1)} s for ${pages} pages, peak ${Math.round(astro.peakMb)} MB`);
    // The same build again from clean, with V8's old space capped as on a small server: does it
    // fit in the budget when the garbage collector has to work (V8 sizes its heap from the
    // machine's RAM, so an unconstrained peak on a big machine overstates the need)?
    const capMb = 1024;
    let capped: { seconds: number; peakMb: number; error?: string } | null = null;
    if (!ctx.quick) {
      for (const cache of ['dist', '.astro', join('node_modules', '.astro'), join('node_modules', '.vite')])
        rmSync(join(dir, cache), { recursive: true, force: true });
      try {
        capped = await timed(
          'astro build (capped heap)',
          node,
          [join(dir, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'],
          dir,
          { NODE_OPTIONS: `--max-old-space-size=${capMb}` },
        );
        ctx.log(
          `  astro build with --max-old-space-size=${capMb}: ${capped.seconds.toFixed(1)} s, peak ` +
            `${Math.round(capped.peakMb)} MB`,
        );
      } catch (error) {
        capped = {
          seconds: 0,
          peakMb: 0,
          error: error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error),
        };
        ctx.log(`  astro build with --max-old-space-size=${capMb} failed: ${capped.error}`);
      }
    }
    const pagefind = await timed(
      'pagefind',
      join(dir, 'node_modules', '.bin', 'pagefind'),
      ['--site', 'dist/client', '--silent'],
      dir,
    );
    ctx.log(`  pagefind: ${pagefind.seconds.toFixed(1)} s`);
    const lessonPages = readdirSync(join(dir, 'dist', 'client')).reduce((n, locale) => {
      const courses = join(dir, 'dist', 'client', locale, 'courses');
      return (
        n +
        (existsSync(courses) ? readdirSync(courses).reduce((m, c) => m + readdirSync(join(courses, c)).length, 0) : 0)
      );
    }, 0);
    const msPerPage = (astro.seconds * 1000) / pages;
    const rows: Row[] = [
      makeRow({
        part: '5 Build',
        metric: 'generated lesson files (plus the curriculum)',
        value: written,
        unit: '',
        note: `${lessonPages} lesson pages, ${pages} HTML pages in all`,
      }),
      makeRow({
        part: '5 Build',
        metric: 'astro build, total',
        value: astro.seconds,
        unit: 's',
        note: `phases: ${summarizePhases(astro.phases)}`,
      }),
      makeRow({
        part: '5 Build',
        metric: 'astro build per page',
        value: msPerPage,
        unit: 'ms',
        target: { op: '<=', value: 20 },
      }),
      makeRow({
        part: '5 Build',
        metric: 'astro build peak memory (process tree)',
        value: astro.peakMb,
        unit: 'MB',
        target: { op: '<=', value: 1536 },
        note: `main process alone ${Math.round(astro.mainPeakMb)} MB; the peak came after "${astro.peakDuring ?? '?'}"`,
      }),
      ...(capped
        ? [
            capped.error
              ? makeRow({
                  part: '5 Build',
                  metric: `peak memory with V8 old space capped at ${capMb} MB`,
                  value: null,
                  unit: 'MB',
                  text: `build failed: ${capped.error.slice(0, 80)}`,
                  target: { op: '<=', value: 1536 },
                })
              : makeRow({
                  part: '5 Build',
                  metric: `peak memory with V8 old space capped at ${capMb} MB`,
                  value: capped.peakMb,
                  unit: 'MB',
                  target: { op: '<=', value: 1536 },
                  note:
                    `NODE_OPTIONS=--max-old-space-size=${capMb}, clean build: ${capped.seconds.toFixed(1)} s ` +
                    `(${((capped.seconds * 1000) / pages).toFixed(1)} ms per page)`,
                }),
          ]
        : []),
      makeRow({
        part: '5 Build',
        metric: 'whole `npm run build` (validate + astro + pagefind)',
        value: validate.seconds + astro.seconds + pagefind.seconds,
        unit: 's',
        note:
          `validate ${validate.seconds.toFixed(1)} s, pagefind ${pagefind.seconds.toFixed(1)} s (peak ` +
          `${Math.round(pagefind.peakMb)} MB)`,
      }),
    ];
    return {
      rows,
      details: {
        generatedLessonFiles: written,
        lessonPages,
        htmlPages: pages,
        validate,
        astro,
        cappedHeap: capped && { capMb, ...capped },
        pagefind,
        msPerPage,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const buildTimePart: Part = { name: 'build', title: '5 Build time', run };
