/**
 * Discussions for a benchmark copy: `node bench/seed-discussions.ts --db /path/file.db
 * [--threads 50000] [--posts-per-thread 20] [--long 500]` (a database made by bench/seed-big.ts,
 * or any migrated one: authors are its enrolled trainees, or 2,000 made for the seed).
 *
 * Writes `threads` threads on the courses' boards and their lessons' questions, one thread of
 * `long` posts (the paged thread the benchmark reads) and `posts-per-thread` posts in each other
 * thread (50,000 × 20 ≈ 1,000,000), bodies in Kazakh, Russian and English drawn from a few
 * sentences and a numbered word (so a search finds a few posts or many), each author following
 * their thread. Bulk INSERT … SELECT over a counter, 50,000 rows a statement; the search indexes'
 * triggers are dropped during the load and the indexes rebuilt once at the end (the triggers are
 * made again exactly as the migrations make them). Prints the counts and the time.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, createDatabase } from '#db/client.ts';

const DAY = 24 * 60 * 60 * 1000;
const CHUNK = 50_000;
const BODIES = [
  'Қоғамдық тыңдау қашан өтеді? Ауланы абаттандыру жоспарын талқылағымыз келеді.',
  'Где найти протокол общественных слушаний по благоустройству двора?',
  'The bus stop on Abai avenue has no shelter; who decides where the new ones go?',
  'Әкімдікке өтінішті қалай жазу керек? Үлгі бар ма?',
  'Мы собрали 120 подписей жителей. Что делать дальше?',
  'Our NGO maps the pavements around schools: **narrow**, parked cars, no ramps.',
  'Бюджетке қатысу жобасына дауыс беру қай кезде басталады?',
  'Спасибо за ответ, попробуем через портал открытых данных.',
];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      threads: { type: 'string', default: '50000' },
      'posts-per-thread': { type: 'string', default: '20' },
      long: { type: 'string', default: '500' },
    },
  });
  if (!values.db || !existsSync(resolve(values.db))) {
    console.error('usage: node bench/seed-discussions.ts --db /path/file.db [--threads 50000] [--posts-per-thread 20]');
    return 2;
  }
  const threads = Math.max(2, Number(values.threads));
  const perThread = Math.max(1, Number(values['posts-per-thread']));
  const long = Math.max(perThread, Number(values.long));
  const db = await createDatabase({ url: `file:${resolve(values.db)}` });
  const c = db.$client;
  const started = performance.now();
  const now = Date.now();
  try {
    await c.executeMultiple(`
      DROP TABLE IF EXISTS temp.t_authors; DROP TABLE IF EXISTS temp.t_bodies; DROP TABLE IF EXISTS temp.t_courses;
      CREATE TEMP TABLE t_authors (n INTEGER PRIMARY KEY, uid TEXT, course TEXT);
      CREATE TEMP TABLE t_bodies (n INTEGER PRIMARY KEY, body TEXT);
      CREATE TEMP TABLE t_courses (n INTEGER PRIMARY KEY, course TEXT);`);
    const enrolled = Number((await c.execute('SELECT count(*) AS n FROM enrollments')).rows[0]!.n);
    if (enrolled === 0) await seedAuthors(c, now);
    await c.execute(`INSERT INTO t_authors (uid, course)
      SELECT user_id, course FROM enrollments ORDER BY enrolled_at LIMIT 20000`);
    await c.execute('INSERT INTO t_courses (course) SELECT DISTINCT course FROM t_authors ORDER BY course');
    for (const body of BODIES) await c.execute({ sql: 'INSERT INTO t_bodies (body) VALUES (?)', args: [body] });
    const authors = Number((await c.execute('SELECT count(*) AS n FROM t_authors')).rows[0]!.n);
    const courses = Number((await c.execute('SELECT count(*) AS n FROM t_courses')).rows[0]!.n);
    await dropSearchTriggers(c);
    for (let from = 0; from < threads; from += CHUNK) {
      const to = Math.min(threads, from + CHUNK);
      await c.execute({
        sql: `INSERT INTO discussion_threads
            (id, board, course, kind, title, author_id, created_at, last_post_at, posts)
          WITH RECURSIVE k(n) AS (SELECT CAST(:from AS INTEGER) UNION ALL SELECT n + 1 FROM k WHERE n + 1 < :to)
          SELECT printf('bench%019d', k.n),
            CASE WHEN k.n % 3 = 0 THEN 'lesson:' || co.course || '/lesson-' || (k.n % 12)
              ELSE 'course:' || co.course END,
            co.course, CASE WHEN k.n % 3 = 0 THEN 'lesson' ELSE 'course' END,
            'Тақырып ' || k.n || ': ' || substr(b.body, 1, 60), a.uid,
            :now - (:threads - k.n) * 600000, :now - (:threads - k.n) * 60000,
            CASE WHEN k.n = 0 THEN :long ELSE :per END
          FROM k JOIN t_courses co ON co.n = k.n % :courses + 1
            JOIN t_authors a ON a.n = k.n % :authors + 1 JOIN t_bodies b ON b.n = k.n % 8 + 1`,
        args: { from, to, now, threads, long, per: perThread, courses, authors },
      });
    }
    // Thread 0 is the long one; the others have `perThread` posts: numbers 1.. in each.
    const total = long + (threads - 1) * perThread;
    for (let from = 0; from < total; from += CHUNK) {
      const to = Math.min(total, from + CHUNK);
      await c.execute({
        sql: `INSERT INTO discussion_posts (id, thread_id, number, author_id, body, created_at)
          WITH RECURSIVE k(n) AS (SELECT CAST(:from AS INTEGER) UNION ALL SELECT n + 1 FROM k WHERE n + 1 < :to),
          p AS (SELECT n, CASE WHEN n < :long THEN 0 ELSE (n - :long) / :per + 1 END AS t,
              CASE WHEN n < :long THEN n + 1 ELSE (n - :long) % :per + 1 END AS num FROM k)
          SELECT printf('bpost%019d', p.n), printf('bench%019d', p.t), p.num,
            CASE WHEN p.num = 1 THEN th.author_id ELSE a.uid END,
            b.body || ' сөз' || (p.n % 5000) || ' word' || (p.n % 50), th.created_at + p.num * 60000
          FROM p JOIN discussion_threads th ON th.id = printf('bench%019d', p.t)
            JOIN t_authors a ON a.n = (p.n * 7) % :authors + 1 JOIN t_bodies b ON b.n = p.n % 8 + 1`,
        args: { from, to, long, per: perThread, authors },
      });
      if ((from / CHUNK) % 4 === 0) console.error(`posts: ${to.toLocaleString('en')} of ${total.toLocaleString('en')}`);
    }
    await c.execute(`INSERT OR IGNORE INTO discussion_follows (thread_id, user_id, created_at)
      SELECT id, author_id, created_at FROM discussion_threads WHERE id LIKE 'bench%' AND author_id IS NOT NULL`);
    await restoreSearch(c);
    await c.execute('ANALYZE');
    console.log(
      `Seeded ${threads.toLocaleString('en')} threads and ${total.toLocaleString('en')} posts in ` +
        `${Math.round((performance.now() - started) / 1000)} s.`,
    );
    return 0;
  } finally {
    closeDatabase(db);
  }
}

type Client = Awaited<ReturnType<typeof createDatabase>>['$client'];

/** A copy without trainees (a fresh one): 2,000 made for the seed, enrolled in three courses. */
async function seedAuthors(c: Client, now: number): Promise<void> {
  await c.execute({
    sql: `INSERT INTO users (id, email, display_name, password_hash, role, locale, active, created_at)
      WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 1999)
      SELECT printf('benchuser%06d', n), printf('talk%06d@bench.oqu.test', n), 'Қатысушы ' || n,
        '$argon2id$seed-placeholder$not-a-hash', 'learner', 'kk', 1, :old FROM k`,
    args: { old: now - 400 * DAY },
  });
  await c.execute({
    sql: `INSERT INTO enrollments (user_id, course, enrolled_at)
      SELECT id, CASE abs(unicode(substr(id, -1))) % 3 WHEN 0 THEN 'urbanism' WHEN 1 THEN 'creative-industries'
        ELSE 'social-entrepreneurship' END, :old FROM users WHERE id LIKE 'benchuser%'`,
    args: { old: now - 300 * DAY },
  });
}

const TRIGGERS = [
  'discussion_posts_fts_insert',
  'discussion_posts_fts_delete',
  'discussion_posts_fts_update',
  'discussion_threads_fts_insert',
  'discussion_threads_fts_delete',
  'discussion_threads_fts_update',
];
let saved: string[] = [];

async function dropSearchTriggers(c: Client): Promise<void> {
  const rows = await c.execute({
    sql: `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${TRIGGERS.map(() => '?').join(', ')})`,
    args: TRIGGERS,
  });
  saved = rows.rows.map((r) => String(r.sql));
  for (const name of TRIGGERS) await c.execute(`DROP TRIGGER IF EXISTS ${name}`);
}

/** The search indexes rebuilt from their tables, and the triggers back as they were. */
async function restoreSearch(c: Client): Promise<void> {
  await c.execute(`INSERT INTO discussion_posts_fts (discussion_posts_fts) VALUES ('rebuild')`);
  await c.execute(`INSERT INTO discussion_threads_fts (discussion_threads_fts) VALUES ('rebuild')`);
  for (const sql of saved) await c.execute(sql);
}

process.exitCode = await main();
