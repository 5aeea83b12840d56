/**
 * `npm run build`: checks the courses, builds the site into a new folder `builds/<time>/`
 * (Astro, then Pagefind's search index) and only then points `dist` at it, by renaming a new
 * symbolic link over the old one (rename(2) is atomic). A server that is running keeps
 * serving the build it started with, whole (serve.mjs resolves the link once), so publishing
 * is "build, then restart", with no 404s during the build and no 500s after it. A failed build
 * leaves `dist` as it was. The last three builds are kept, and any build a live server still
 * serves (it leaves a `.serving-<pid>` file in its build).
 *
 * Run with Node alone (`node src/cli/build-site.ts`); see docs/decisions/013.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { processAlive } from '#db/process-alive.mjs';
import { buildHeapFlags } from './build-heap.ts';

const KEEP = 3;
const root = join(import.meta.dirname, '..', '..');
const builds = join(root, 'builds');
const dist = join(root, 'dist');

/** The JavaScript file a package's command runs, so each step runs under this same Node. */
function binOf(pkg: string, name: string): string {
  const folder = join(root, 'node_modules', pkg);
  const bin = (
    JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { bin: string | Record<string, string> }
  ).bin;
  return join(folder, typeof bin === 'string' ? bin : bin[name]!);
}

/** Routine lines a warning level still prints on every build: `--force` clearing Astro's content cache. */
const ROUTINE_WARNINGS = [/data store cleared \(force\)/];
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * What a successful step printed that is worth a person's attention: each warning or error
 * (with the lines that follow it, up to the next time-stamped line), not the routine progress
 * and page list (decision 019).
 */
function notableLines(output: string): string[] {
  let showing = false;
  return output.split('\n').filter((line) => {
    const plain = line.replace(ANSI, '');
    if (/^\d\d:\d\d:\d\d /.test(plain)) {
      showing = /\[(WARN|ERROR)\]/.test(plain) && !ROUTINE_WARNINGS.some((r) => r.test(plain));
    }
    return showing;
  });
}

/**
 * Runs a step under this Node. A `quiet` step's standard output (Astro's progress and page
 * list) is shown only for its warnings, or whole when the step fails; its standard error, where
 * Astro writes errors, is always shown, last, so an error is the last thing on the screen.
 */
function run(label: string, args: string[], quiet = false): void {
  const color = process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {};
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: quiet ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...color },
  });
  if (quiet) {
    const shown = result.status === 0 ? notableLines(result.stdout) : [result.stdout];
    if (shown.length) process.stdout.write(`${shown.join('\n').replace(/\n*$/, '')}\n`);
    if (result.stderr) process.stderr.write(result.stderr);
  }
  if (result.status !== 0) throw new Error(`${label} failed (exit code ${result.status ?? result.signal})`);
}

/** True while a server that started from this build runs. */
function isServed(build: string): boolean {
  return readdirSync(build).some((name) => {
    const pid = Number(/^\.serving-(\d+)$/.exec(name)?.[1]);
    return pid > 0 && processAlive(pid);
  });
}

/** Points `dist` at `builds/<name>` in one rename; a `dist` folder of an older version moves into builds/ first. */
function switchTo(name: string): void {
  if (existsSync(dist) && !lstatSync(dist).isSymbolicLink()) renameSync(dist, join(builds, '0000-previous-dist'));
  const link = join(root, `.dist-${process.pid}`);
  rmSync(link, { force: true });
  symlinkSync(relative(root, join(builds, name)), link, 'dir');
  renameSync(link, dist);
}

/** Removes all but the newest builds, sparing the current one and any a server runs from. */
function prune(current: string): void {
  const names = readdirSync(builds).sort().reverse();
  for (const [index, name] of names.entries()) {
    const folder = join(builds, name);
    if (index < KEEP || name === current || isServed(folder)) continue;
    rmSync(folder, { recursive: true, force: true });
  }
}

function main(): number {
  const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const out = join(builds, name);
  mkdirSync(builds, { recursive: true });
  try {
    run('oqu validate', [join(root, 'src', 'cli', 'oqu.ts'), 'validate']);
    console.log('Building the site…');
    run(
      'astro build',
      [...buildHeapFlags(process.env), binOf('astro', 'astro'), 'build', '--force', '--outDir', out],
      true,
    );
    run('pagefind', [binOf('pagefind', 'pagefind'), '--site', join(out, 'client'), '--silent']);
    for (const needed of [
      'server/entry.mjs',
      'server/security-headers.json',
      'server/site-config.json',
      'client/pagefind',
    ]) {
      if (!existsSync(join(out, needed))) throw new Error(`the build has no ${needed}`);
    }
  } catch (error) {
    rmSync(out, { recursive: true, force: true });
    console.error(
      `Build failed; dist/ still points at the previous build. ` +
        `${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  switchTo(name);
  prune(name);
  console.log(
    `Built ${readlinkSync(dist)}; dist/ points at it. Restart the server to serve it (a running server keeps serving ` +
      `its own build).`,
  );
  return 0;
}

process.exitCode = main();
