/**
 * Dashboard pages through the real server: `node bench/dashboard-pages.ts --db /path/file.db
 * [--runs 20] [--root <project or build snapshot>] [--only <text>]` (a database made by
 * bench/seed-big.ts; a build in <root>/dist; `--only` times just the pages whose name contains
 * the text, e.g. `--only competencies`).
 *
 * Starts Oqu the way `npm run serve` does (its `oqu prepare` step included) on the given
 * database, signs in an admin made for the run (a user and a session written with the app's
 * own functions; removed at the end), and times each trainer and admin page
 * end to end: request to last byte of the rendered HTML, one request at a time, `--runs`
 * times after two warm-up requests (the review queue and a review page among them, on the
 * copy's 300,000 submissions). Also the first dashboard view after a restart (three
 * restarts). Target: every page under 300 ms at p95. Prints a table, then the results as one
 * JSON line (the last line); exits 1 when a page misses the target.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, createDatabase } from '#db/client.ts';
import { createSession, generateSessionToken } from '#lib/auth/session.server.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { sessionCookieNameFor } from './lib/seed.ts';
import { startOqu, type OquServer, type SiteSnapshot } from './lib/site.ts';
import { timeGet, timePage } from './lib/pages.ts';
import { percentile, round } from './lib/stats.ts';

const PAGE_TARGET_MS = 300;
const ADMIN_EMAIL = 'dashboard-admin@bench.oqu.test';

interface PageTiming {
  name: string;
  path: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  bytes: number;
}

async function timeNamedPage(
  server: OquServer,
  name: string,
  path: string,
  cookie: string,
  runs: number,
): Promise<PageTiming> {
  return { name, path, runs, ...(await timePage(server, path, cookie, runs)) };
}

/**
 * The biggest course and its biggest cohort, as bench/dashboards.ts picks them, and a handed-in
 * second version there waiting for review (for the review page), when the copy has one.
 */
async function targets(url: string): Promise<{ course: string; cohort: string; submission: string }> {
  const db = await createDatabase({ url });
  try {
    const course = String(
      (
        await db.$client.execute(
          'SELECT course, count(*) AS n FROM enrollments GROUP BY course ORDER BY n DESC LIMIT 1',
        )
      ).rows[0]?.course ?? '',
    );
    const cohort = await db.$client.execute({
      sql:
        `SELECT m.cohort_id AS id, count(*) AS n FROM cohorts c JOIN cohort_members m ON m.cohort_id = c.id WHERE ` +
        `c.course = ? AND m.state = 'member' GROUP BY m.cohort_id ORDER BY n DESC LIMIT 1`,
      args: [course],
    });
    const submission = await db.$client.execute({
      sql: `SELECT id FROM submissions WHERE course = ? AND state = 'submitted' AND version = 2
        ORDER BY submitted_at LIMIT 1`,
      args: [course],
    });
    return { course, cohort: String(cohort.rows[0]?.id ?? ''), submission: String(submission.rows[0]?.id ?? '') };
  } finally {
    closeDatabase(db);
  }
}

/**
 * An admin and a session for this run (the app's own createUser and createSession); returns the Cookie header value.
 */
async function signInAdmin(site: SiteSnapshot, url: string): Promise<{ cookie: string; adminId: string }> {
  const db = await createDatabase({ url });
  try {
    // Left by an interrupted run.
    await db.$client.execute({ sql: 'DELETE FROM users WHERE email = ?', args: [ADMIN_EMAIL] });
    const admin = await createUser(db, {
      name: 'Бенчмарк Әкімші',
      email: ADMIN_EMAIL,
      password: randomBytes(18).toString('base64url'),
      locale: 'kk',
      region: null,
      organisation: null,
      role: 'admin',
    });
    if (!admin) throw new Error(`could not create the admin ${ADMIN_EMAIL}`);
    const token = generateSessionToken();
    await createSession(db, token, admin);
    return { cookie: `${await sessionCookieNameFor(site)}=${token}`, adminId: admin.id };
  } finally {
    closeDatabase(db);
  }
}

async function removeAdmin(url: string, adminId: string): Promise<void> {
  const db = await createDatabase({ url });
  try {
    await db.$client.batch(
      [
        { sql: 'DELETE FROM sessions WHERE user_id = ?', args: [adminId] },
        { sql: 'DELETE FROM audit_log WHERE actor_id = ?', args: [adminId] },
        { sql: 'DELETE FROM users WHERE id = ?', args: [adminId] },
      ],
      'write',
    );
  } finally {
    closeDatabase(db);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      runs: { type: 'string', default: '20' },
      root: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const root = resolve(values.root ?? join(import.meta.dirname, '..'));
  const runs = Math.max(5, Number(values.runs) || 20);
  if (!values.db || !existsSync(resolve(values.db)) || !existsSync(join(root, 'dist', 'server', 'entry.mjs'))) {
    console.error(
      'usage: node bench/dashboard-pages.ts --db /path/file.db [--runs 20] [--root dir]   (make the file with ' +
        'bench/seed-big.ts; build first with npm run build)',
    );
    return 2;
  }
  const url = `file:${resolve(values.db)}`;
  const site: SiteSnapshot = { root, clientDir: join(root, 'dist', 'client') };
  const dataDir = mkdtempSync(join(tmpdir(), 'oqu-dashboard-pages-'));
  const { course, cohort, submission } = await targets(url);
  const { cookie, adminId } = await signInAdmin(site, url);
  let server: OquServer | undefined;
  try {
    const dashboard = `/kk/trainer/courses/${course}/`;
    const firstViews: number[] = [];
    for (let i = 0; i < 3; i++) {
      server = await startOqu(site, url, dataDir);
      const first = await timeGet(server, dashboard, cookie);
      if (first.status !== 200) throw new Error(`${dashboard} answered ${first.status} after a restart`);
      firstViews.push(round(first.ms));
      if (i < 2) await server.stop();
    }
    const pages: [string, string][] = [
      ['course dashboard', dashboard],
      ['course dashboard, sorted by progress', `${dashboard}?sort=progress&dir=desc`],
      ['course dashboard, sorted by score', `${dashboard}?sort=score&dir=desc`],
      ['course dashboard, search "нұр"', `${dashboard}?q=${encodeURIComponent('нұр')}`],
      ['course dashboard, page 100', `${dashboard}?page=100`],
      ['cohort dashboard', `${dashboard}?cohort=${cohort}`],
      ['cohort page (members, applications)', `/kk/trainer/cohorts/${cohort}`],
      ['cohort competencies (member x competency heat map)', `/kk/trainer/cohorts/${cohort}/competencies`],
      ['trainer home', '/kk/trainer/'],
      ['review queue (every waiting submission, oldest first)', '/kk/trainer/reviews'],
      ['review queue, one course, handed in, page 20', `/kk/trainer/reviews?course=${course}&status=submitted&page=20`],
      ['review queue, one cohort', `/kk/trainer/reviews?course=${course}&cohort=${cohort}`],
      ...(submission
        ? [['review page (2 versions, a review)', `/kk/trainer/reviews/${submission}`] as [string, string]]
        : []),
      ['admin: users', '/kk/admin/'],
      ['admin: users, search "нұр"', `/kk/admin/?q=${encodeURIComponent('нұр')}`],
      ['admin: programme report', '/kk/admin/report'],
      ['admin: audit log', '/kk/admin/audit'],
    ];
    const timings: PageTiming[] = [];
    const chosen = pages.filter(([name]) => !values.only || name.includes(values.only));
    for (const [name, path] of chosen) timings.push(await timeNamedPage(server!, name, path, cookie, runs));
    const firstView = {
      name: 'course dashboard, first view after a restart (3 restarts)',
      p50: percentile(
        [...firstViews].sort((a, b) => a - b),
        50,
      ),
      max: Math.max(...firstViews),
    };
    const pass = timings.every((t) => t.p95 < PAGE_TARGET_MS) && firstView.max < PAGE_TARGET_MS;
    const width = Math.max(...timings.map((t) => t.name.length), firstView.name.length);
    console.log(`| ${'page'.padEnd(width)} |  p50 ms |  p95 ms |  max ms |     KB |`);
    console.log(`| ${'-'.repeat(width)} | ------: | ------: | ------: | -----: |`);
    for (const t of timings)
      console.log(
        `| ${t.name.padEnd(width)} | ${String(t.p50).padStart(7)} | ${String(t.p95).padStart(7)} | ` +
          `${String(t.max).padStart(7)} | ${String(round(t.bytes / 1024)).padStart(6)} |`,
      );
    console.log(
      `| ${firstView.name.padEnd(width)} | ${String(firstView.p50).padStart(7)} |         | ` +
        `${String(firstView.max).padStart(7)} |        |`,
    );
    console.log(`page target: p95 < ${PAGE_TARGET_MS} ms: ${pass ? 'met' : 'MISSED'}`);
    console.log(
      JSON.stringify({
        name: 'dashboard-pages',
        course,
        cohort,
        runs,
        targetMs: PAGE_TARGET_MS,
        pass,
        firstView: { ...firstView, runs: firstViews },
        timings,
      }),
    );
    return pass ? 0 : 1;
  } finally {
    await server?.stop();
    await removeAdmin(url, adminId).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exitCode = await main();
