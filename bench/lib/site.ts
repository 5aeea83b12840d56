/**
 * A private copy of the built site, and Oqu servers started from it. The copy keeps a run
 * consistent while other people rebuild `dist/` in the shared tree; the server is started the
 * way `npm run serve` starts it (`node src/cli/serve.mjs`), on a free loopback port with a
 * temporary database.
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../tests/helpers/server.ts';
import { onCleanup, trackChild } from './cleanup.ts';
import { sleep } from './stats.ts';

export interface SiteSnapshot {
  /** A project root that holds dist/, src/, db/, courses/ and a link to node_modules. */
  root: string;
  clientDir: string;
}

/** What `oqu serve` needs, plus what a rebuild of the same sources needs (build-time part). */
const COPIED = [
  'dist',
  'src',
  'db',
  'courses',
  'public',
  'oqu.config.yaml',
  'package.json',
  'astro.config.mjs',
  'tsconfig.json',
];

/**
 * What is wrong with a copied build, or null when it looks whole: the server entry, the
 * assets its manifest names, and lesson pages must all be there (a build running at the
 * same moment leaves a half-written dist/).
 */
export function checkBuild(root: string): string | null {
  const entry = join(root, 'dist', 'server', 'entry.mjs');
  if (!existsSync(entry)) return 'no dist/server/entry.mjs';
  const manifestAssets = /"assets":\[([^\]]*)\]/.exec(readFileSync(entry, 'utf8'))?.[1] ?? '';
  for (const asset of manifestAssets.match(/"[^"]+"/g) ?? []) {
    if (!existsSync(join(root, 'dist', 'client', asset.slice(1, -1))))
      return `dist/client${asset.slice(1, -1)} is missing`;
  }
  const lessons = join(root, 'dist', 'client', 'en', 'courses');
  if (!existsSync(lessons) || readdirSync(lessons).length === 0)
    return 'no prerendered lessons in dist/client/en/courses';
  return null;
}

/**
 * Copies the built site (and the code `oqu serve` runs) from `projectRoot` into `into`,
 * retrying for a minute while someone else's build is half-way.
 */
export async function snapshotSite(projectRoot: string, into: string): Promise<SiteSnapshot> {
  if (!existsSync(join(projectRoot, 'dist', 'server', 'entry.mjs')))
    throw new Error('No build in dist/: run `npm run build` (or drop --no-build).');
  for (let attempt = 1; ; attempt++) {
    rmSync(into, { recursive: true, force: true });
    mkdirSync(into, { recursive: true });
    chmodSync(into, 0o755); // nginx workers may run as another user
    try {
      for (const name of COPIED) {
        const from = join(projectRoot, name);
        // dist is a link to builds/<time>/ (npm run build): copy the build it points at.
        if (existsSync(from))
          cpSync(name === 'dist' ? realpathSync(from) : from, join(into, name), { recursive: true });
      }
    } catch {
      // a file vanished while copying: another build is running
    }
    const problem = checkBuild(into);
    if (!problem) break;
    if (attempt >= 12)
      throw new Error(
        `the build in dist/ is incomplete (${problem}); is another build running? Try again, or run npm run build.`,
      );
    console.error(`   dist/ looks incomplete (${problem}), probably another build is running: retrying in 5 s`);
    await sleep(5000);
  }
  symlinkSync(join(projectRoot, 'node_modules'), join(into, 'node_modules'), 'dir');
  return { root: into, clientDir: join(into, 'dist', 'client') };
}

export interface OquServer {
  baseURL: string;
  pid: number;
  /** The last output of the server (stdout and stderr). */
  log: () => string;
  stop: () => Promise<void>;
}

/** The V8 flags `npm run serve` gives the server (package.json): a small young generation and a capped heap. */
const SERVE_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=256'];

/**
 * Starts the server from the snapshot against `databaseUrl` (tests/helpers/server.ts, as the
 * tests do), killed with the benchmark however it ends; waits for /healthz. With `inspect`,
 * the inspector listens on a random loopback port (see profile.ts).
 */
export async function startOqu(
  site: SiteSnapshot,
  databaseUrl: string,
  dataDir: string,
  options: { inspect?: boolean; env?: Record<string, string> } = {},
): Promise<OquServer> {
  const server = await startServer({
    root: site.root,
    dataDir,
    databaseUrl,
    nodeArgs: [...(options.inspect ? ['--inspect=127.0.0.1:0'] : []), ...SERVE_NODE_FLAGS],
    env: {
      OQU_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      // e.g. BENCH_SERVER_NODE_OPTIONS=--max-old-space-size=128 to see the server in a small heap
      NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS ?? '',
      ...options.env,
    },
    logLimit: 400_000,
    onSpawn: trackChild,
  });
  const unregister = onCleanup('stop oqu server', () => server.stop(5000));
  const stop = async (): Promise<void> => {
    unregister();
    await server.stop(5000);
  };
  return { baseURL: server.baseURL, pid: server.pid, log: server.log, stop };
}
