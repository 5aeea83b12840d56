/**
 * Discussions on a big copy: `node bench/discussion-pages.ts --db /path/file.db [--runs 40]
 * [--posts 3000] [--root <project or build snapshot>]` (a copy seeded by bench/seed-discussions.ts;
 * a build in <root>/dist).
 *
 * Through the real server (started as `npm run serve` starts it), signed in as a trainee of the
 * busiest course made for the run: the course's board (first and 100th page), the 500-post
 * thread (first and last of its pages), and a search of a rare and of a common word; each page
 * `--runs` times, one request at a time, after two warm-up requests. Then posting: `--posts`
 * replies with the app's own replyToThread (rate limits, bans, the post, the thread's counters,
 * a notification row per follower, the author's follow), from 500 trainees (30 a quarter-hour
 * each is the limit) spread over the busiest threads. Targets: pages p95 <= 100 ms, posting >= 300
 * posts/s. Prints a table and the load average, then one JSON line; exits 1 when a target is missed.
 * The run's users, sessions and posts are removed at the end.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, createDatabase, type Database } from '#db/client.ts';
import { createSession, generateSessionToken } from '#lib/auth/session.server.ts';
import { replyToThread } from '#lib/discussions/posting.server.ts';
import { sessionCookieNameFor } from './lib/seed.ts';
import { startOqu, type OquServer, type SiteSnapshot } from './lib/site.ts';
import { timePage } from './lib/pages.ts';
import { round } from './lib/stats.ts';

const PAGE_TARGET_MS = 100;
const POSTS_PER_SECOND_TARGET = 300;
const RUN_USERS = 500;

/** The run's trainees (enrolled in `course`), a session for the first; returns its cookie. */
async function makeTrainees(db: Database, site: SiteSnapshot, course: string): Promise<string> {
  const now = Date.now();
  await db.$client.execute({
    sql: `INSERT INTO users (id, email, display_name, password_hash, role, locale, active, created_at)
      WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < ${RUN_USERS - 1})
      SELECT printf('benchrun%06d', n), printf('run%06d@bench.oqu.test', n), 'Оқушы ' || n,
        '$argon2id$seed-placeholder$not-a-hash', 'learner', 'kk', 1, ? FROM k`,
    args: [now - 30 * 24 * 3600 * 1000],
  });
  await db.$client.execute({
    sql: `INSERT INTO enrollments (user_id, course, enrolled_at) SELECT id, ?, ? FROM users WHERE id LIKE 'benchrun%'`,
    args: [course, now],
  });
  const token = generateSessionToken();
  const [user] = (await db.$client.execute("SELECT * FROM users WHERE id = 'benchrun000000'")).rows;
  await createSession(db, token, { id: String(user!.id), role: 'learner' });
  return `${await sessionCookieNameFor(site)}=${token}`;
}

async function cleanUp(db: Database): Promise<void> {
  await db.$client.batch(
    [
      `UPDATE discussion_threads SET posts = (SELECT count(*) FROM discussion_posts p
          WHERE p.thread_id = discussion_threads.id AND (p.author_id IS NULL OR p.author_id NOT LIKE 'benchrun%'))
        WHERE id IN (SELECT thread_id FROM discussion_posts WHERE author_id LIKE 'benchrun%')`,
      "DELETE FROM discussion_posts WHERE author_id LIKE 'benchrun%'",
      "DELETE FROM sessions WHERE user_id LIKE 'benchrun%'",
      "DELETE FROM rate_limits WHERE key LIKE '%benchrun%'",
      "DELETE FROM users WHERE id LIKE 'benchrun%'",
    ],
    'write',
  );
}

/** `count` replies from the run's trainees to the busiest threads; posts per second. */
async function postMany(db: Database, course: string, count: number): Promise<number> {
  const threads = (
    await db.$client.execute({
      sql: `SELECT id FROM discussion_threads WHERE course = ? AND kind = 'course'
        ORDER BY last_post_at DESC LIMIT 200`,
      args: [course],
    })
  ).rows.map((r) => String(r.id));
  const createdAt = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const n = i % RUN_USERS;
    const done = await replyToThread(db, {
      threadId: threads[i % threads.length]!,
      author: {
        id: `benchrun${String(n).padStart(6, '0')}`,
        createdAt,
        ip: `198.51.${n >> 8}.${n & 255}`,
        staff: false,
      },
      body: `Жауап ${i}: аялдаманы ауыстыру туралы өтініш дайын.`,
    });
    if (!done.ok) throw new Error(`post ${i} refused: ${done.error}`);
  }
  return count / ((performance.now() - started) / 1000);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      runs: { type: 'string', default: '40' },
      posts: { type: 'string', default: '3000' },
      root: { type: 'string' },
    },
  });
  const root = resolve(values.root ?? join(import.meta.dirname, '..'));
  if (!values.db || !existsSync(resolve(values.db)) || !existsSync(join(root, 'dist', 'server', 'entry.mjs'))) {
    console.error('usage: node bench/discussion-pages.ts --db /path/file.db [--runs 40] [--posts 3000] [--root dir]');
    return 2;
  }
  const runs = Math.max(5, Number(values.runs) || 40);
  const url = `file:${resolve(values.db)}`;
  const site: SiteSnapshot = { root, clientDir: join(root, 'dist', 'client') };
  const dataDir = mkdtempSync(join(tmpdir(), 'oqu-discussion-pages-'));
  const db = await createDatabase({ url });
  await cleanUp(db);
  const course = String(
    (await db.$client.execute('SELECT course FROM discussion_threads WHERE posts > 100')).rows[0]!.course,
  );
  const long = (await db.$client.execute('SELECT id, posts FROM discussion_threads ORDER BY posts DESC LIMIT 1'))
    .rows[0]!;
  const cookie = await makeTrainees(db, site, course);
  let server: OquServer | undefined;
  try {
    server = await startOqu(site, url, dataDir);
    const lastPage = Math.ceil(Number(long.posts) / 50);
    const pages: [string, string][] = [
      ['board: a course, page 1', `/kk/discussions/${course}`],
      ['board: a course, page 100', `/kk/discussions/${course}?page=100`],
      [`thread of ${long.posts} posts, page 1`, `/kk/discussions/threads/${long.id}`],
      [`thread of ${long.posts} posts, page ${lastPage}`, `/kk/discussions/threads/${long.id}?page=${lastPage}`],
      ['search: a rare word', `/kk/discussions/${course}?q=${encodeURIComponent('сөз4321')}`],
      ['search: a common word', `/kk/discussions/${course}?q=${encodeURIComponent('тыңдау')}`],
    ];
    const timings = [];
    for (const [name, path] of pages) timings.push({ name, path, ...(await timePage(server, path, cookie, runs)) });
    await server.stop();
    server = undefined;
    const load = loadavg().map((x) => round(x));
    const postsPerSecond = round(await postMany(db, course, Math.max(100, Number(values.posts) || 3000)));
    const pass = timings.every((t) => t.p95 <= PAGE_TARGET_MS) && postsPerSecond >= POSTS_PER_SECOND_TARGET;
    const width = Math.max(...timings.map((t) => t.name.length));
    console.log(`| ${'page'.padEnd(width)} | p50 ms | p95 ms | max ms |`);
    console.log(`| ${'-'.repeat(width)} | -----: | -----: | -----: |`);
    for (const t of timings) console.log(`| ${t.name.padEnd(width)} | ${t.p50} | ${t.p95} | ${t.max} |`);
    console.log(`posting: ${postsPerSecond} posts/s (notification rows written); load average ${load.join(' ')}`);
    console.log(
      `targets (p95 <= ${PAGE_TARGET_MS} ms, >= ${POSTS_PER_SECOND_TARGET} posts/s): ${pass ? 'met' : 'MISSED'}`,
    );
    console.log(JSON.stringify({ name: 'discussion-pages', course, runs, load, postsPerSecond, pass, timings }));
    return pass ? 0 : 1;
  } finally {
    await server?.stop();
    await cleanUp(db).catch(() => undefined);
    closeDatabase(db);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exitCode = await main();
