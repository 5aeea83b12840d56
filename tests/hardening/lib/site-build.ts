/**
 * Builds a private copy of the site for the hardening suite. Other engineers build and serve
 * dist/ in the same tree at the same time, so the suite copies the sources (src, db, courses,
 * public, configuration) into a folder of its own, links node_modules package by package
 * (so Astro's and Vite's caches stay private), and runs `npm run build`'s script
 * (src/cli/build-site.ts) there. Every server of the suite is then started from that copy.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '..', '..', '..');
/** Where the copy lives; fixed, so OQU_HARDENING_SKIP_BUILD=1 can reuse the last build. */
export const siteRoot = process.env.OQU_HARDENING_SITE ?? join(tmpdir(), 'oqu-hardening-site');
const defaultRoot = siteRoot;

const COPIED = [
  'astro.config.mjs',
  'oqu.config.yaml',
  'package.json',
  'tsconfig.json',
  'src',
  'db',
  'courses',
  'public',
];

function linkNodeModules(target: string): void {
  const source = join(projectRoot, 'node_modules');
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source)) {
    // Caches (.astro, .vite) stay private to the copy; .bin and packages are shared.
    if (entry.startsWith('.') && entry !== '.bin') continue;
    symlinkSync(join(source, entry), join(target, entry));
  }
}

export interface SiteCopyOptions {
  /** Where the copy goes (default: the hardening suite's `siteRoot`). */
  root?: string;
  /** Reuse the last build there when it exists (the hardening suite's OQU_HARDENING_SKIP_BUILD=1). */
  reuse?: boolean;
  /** Changes the copy before it is built (the end-to-end tests add their fixture courses). */
  prepare?: (root: string) => void;
  /** More environment for the build, e.g. `OQU_CONFIG` for a site built with another configuration (kk+ru). */
  env?: Record<string, string>;
}

/** Copies the sources and builds them; returns the copy's root. */
export function buildSiteCopy(options: SiteCopyOptions = {}): string {
  const siteRoot = options.root ?? defaultRoot;
  const reuse = options.reuse ?? process.env.OQU_HARDENING_SKIP_BUILD === '1';
  if (reuse && existsSync(join(siteRoot, 'dist', 'server', 'entry.mjs'))) return siteRoot;
  rmSync(siteRoot, { recursive: true, force: true });
  mkdirSync(siteRoot, { recursive: true });
  for (const name of COPIED) cpSync(join(projectRoot, name), join(siteRoot, name), { recursive: true });
  linkNodeModules(join(siteRoot, 'node_modules'));
  options.prepare?.(siteRoot);
  const env = {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env,
    PATH: `${join(projectRoot, 'node_modules', '.bin')}:${process.env.PATH}`,
  };
  // The build's chatter goes to build.log; it is printed only when a step fails.
  const logFile = join(siteRoot, 'build.log');
  const run = (cmd: string, args: string[]) => {
    try {
      const out = execFileSync(cmd, args, {
        cwd: siteRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      appendFileSync(logFile, out);
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `${cmd} ${args.join(' ')} failed in ${siteRoot}:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`,
        { cause: error },
      );
    }
  };
  // What `npm run build` runs: validate, astro build into builds/<time>/, pagefind, dist -> that build.
  run(process.execPath, ['src/cli/build-site.ts']);
  return siteRoot;
}
