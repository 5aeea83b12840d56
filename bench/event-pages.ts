/**
 * Session pages through the real server: `node bench/event-pages.ts --db /path/file.db [--runs 30]
 * [--root <project or build snapshot>]` on a copy made by bench/seed-big.ts and then
 * bench/seed-events.ts (10,000 sessions, 500,000 sign-ups), with a build in <root>/dist.
 *
 * Starts Oqu as `npm run serve` does on the copy, signs in an admin made for the run and the
 * trainee with the most sign-ups (sessions written with the app's own createSession; the admin is
 * removed at the end), and times each page from request to last byte, one request at a time,
 * `--runs` times after two warm-ups: the trainee's sessions list (and month view, My learning),
 * the trainer's list, the attendance page of the session with the most people on it, and the
 * programme report (its face-to-face section reads every attendance mark). Target: p95 <= 100 ms
 * for the sessions list and the attendance page. Prints a table, then one JSON line; exits 1 when
 * a target page misses.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, createDatabase } from '#db/client.ts';
import { createSession, generateSessionToken } from '#lib/auth/session.server.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { sessionCookieNameFor } from './lib/seed.ts';
import { startOqu, type OquServer, type SiteSnapshot } from './lib/site.ts';
import { timePage } from './lib/pages.ts';
import { round } from './lib/stats.ts';

const TARGET_MS = 100;
const ADMIN_EMAIL = 'event-pages-admin@bench.oqu.test';

/** Cookies for a new admin and for the trainee with the most sign-ups; the busiest session's id. */
async function prepare(site: SiteSnapshot, url: string) {
  const db = await createDatabase({ url });
  try {
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
    if (!admin) throw new Error('no admin');
    const row = async (sql: string) => (await db.$client.execute(sql)).rows[0]!;
    const trainee = String(
      (
        await row(`SELECT user_id FROM event_signups WHERE status <> 'cancelled' GROUP BY user_id
        ORDER BY count(*) DESC LIMIT 1`)
      ).user_id,
    );
    const busiest = String(
      (await row(`SELECT event_id FROM event_signups GROUP BY event_id ORDER BY count(*) DESC LIMIT 1`)).event_id,
    );
    const name = await sessionCookieNameFor(site);
    const adminToken = generateSessionToken();
    await createSession(db, adminToken, admin);
    const traineeToken = generateSessionToken();
    await createSession(db, traineeToken, { id: trainee, role: 'learner' });
    return {
      adminId: admin.id,
      admin: `${name}=${adminToken}`,
      trainee: `${name}=${traineeToken}`,
      traineeId: trainee,
      busiest,
    };
  } finally {
    closeDatabase(db);
  }
}

async function cleanUp(url: string, adminId: string, traineeId: string, since: number): Promise<void> {
  const db = await createDatabase({ url });
  try {
    await db.$client.batch(
      [
        {
          sql: 'DELETE FROM sessions WHERE user_id = ? OR (user_id = ? AND created_at >= ?)',
          args: [adminId, traineeId, since],
        },
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
    options: { db: { type: 'string' }, runs: { type: 'string', default: '30' }, root: { type: 'string' } },
  });
  const root = resolve(values.root ?? join(import.meta.dirname, '..'));
  const runs = Math.max(5, Number(values.runs) || 30);
  if (!values.db || !existsSync(resolve(values.db)) || !existsSync(join(root, 'dist', 'server', 'entry.mjs'))) {
    console.error(
      'usage: node bench/event-pages.ts --db /path/file.db [--runs 30] [--root dir]   (seed-big.ts, then ' +
        'seed-events.ts; build first with npm run build)',
    );
    return 2;
  }
  const url = `file:${resolve(values.db)}`;
  const site: SiteSnapshot = { root, clientDir: join(root, 'dist', 'client') };
  const dataDir = mkdtempSync(join(tmpdir(), 'oqu-event-pages-'));
  const since = Date.now();
  const who = await prepare(site, url);
  let server: OquServer | undefined;
  try {
    server = await startOqu(site, url, dataDir);
    const month = new Date().toISOString().slice(0, 7);
    const pages: [string, string, string, boolean][] = [
      ['sessions list (trainee)', '/kk/events/', who.trainee, true],
      ['sessions list, month view (trainee)', `/kk/events/?month=${month}`, who.trainee, true],
      ['sessions list (admin: every session)', '/kk/trainer/events/', who.admin, true],
      ['attendance page (busiest session)', `/kk/trainer/events/${who.busiest}`, who.admin, true],
      ['check-in code page', `/kk/trainer/events/${who.busiest}/checkin?paused=1`, who.admin, false],
      ['My learning (trainee with most sign-ups)', '/kk/account', who.trainee, false],
      ['programme report (with face to face)', '/kk/admin/report', who.admin, false],
    ];
    const load = loadavg()[0]!;
    const timings = [];
    for (const [name, path, cookie, target] of pages)
      timings.push({ name, path, target, ...(await timePage(server, path, cookie, runs)) });
    const pass = timings.every((t) => !t.target || t.p95 <= TARGET_MS);
    const width = Math.max(...timings.map((t) => t.name.length));
    console.log(`| ${'page'.padEnd(width)} |  p50 ms |  p95 ms |     KB |`);
    console.log(`| ${'-'.repeat(width)} | ------: | ------: | -----: |`);
    for (const t of timings)
      console.log(
        `| ${t.name.padEnd(width)} | ${String(t.p50).padStart(7)} | ${String(t.p95).padStart(7)} | ` +
          `${String(round(t.bytes / 1024)).padStart(6)} |`,
      );
    console.log(
      `load average ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; target p95 <= ${TARGET_MS} ms: ` +
        (pass ? 'met' : 'MISSED'),
    );
    console.log(JSON.stringify({ name: 'event-pages', runs, targetMs: TARGET_MS, pass, timings }));
    return pass ? 0 : 1;
  } finally {
    await server?.stop();
    await cleanUp(url, who.adminId, who.traineeId, since).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exitCode = await main();
