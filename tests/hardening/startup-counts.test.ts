/**
 * 9. Start-up and the dashboard counts (docs/decisions/008): `oqu prepare` counts every course
 * of courses/ on a new database before the server listens, the server's own check on its
 * first request then finds the built courses identical (no second recount while serving),
 * and a restart recounts nothing. A difference between what prepare reads and what the build
 * holds would recount the biggest course on every start, stalling the server for seconds on
 * a big copy; this is the test that would show it.
 *
 * The same for the programme report's kept demonstrations (decision 050): prepare reads the
 * courses and frameworks from the files, the report page from the site's catalogue, and both
 * must give the same digest; otherwise each start and each report view in turn would work out
 * every trainee with evidence again.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { setCompetencyByHand } from '#lib/competencies/evidence.server.ts';
import { closeDatabase, openFile, openMigrated, seedUsers } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';

const courses = readdirSync(join(siteRoot, 'courses')).filter((c) =>
  existsSync(join(siteRoot, 'courses', c, 'course.yaml')),
);
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop();
});

/** The log once the server's first-request check has finished. */
async function afterCheck(server: RunningServer): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (!/Dashboard counts checked for \d+ courses/.test(server.log())) {
    if (Date.now() > deadline)
      throw new Error(`the server never finished checking the dashboard counts:\n${server.log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return server.log();
}

describe('dashboard counts at start-up', () => {
  test('are counted by prepare on a new database, found in line while serving, left alone on a restart', async () => {
    const dataDir = makeDataDir('startup-counts');
    const first = await startServer({ dataDir });
    servers.push(first);
    const log = await afterCheck(first);
    await first.stop();
    const second = await startServer({ dataDir });
    servers.push(second);
    const again = await afterCheck(second);
    await second.stop();
    const counted = courses.filter((c) => log.includes(`Dashboard counts of ${c} brought up to date`));
    console.log(
      `[startup-counts] courses ${courses.length}; counted by prepare on a new database ${counted.length}; recounted ` +
        `while serving ${(log + again).split('recounted while serving').length - 1}; counted on restart ` +
        `${again.split('brought up to date').length - 1}`,
    );
    expect(courses.length).toBeGreaterThan(0);
    expect(counted).toEqual(courses);
    expect(log).toContain(`Dashboard counts checked for ${courses.length} courses`);
    expect(log + again).not.toContain('recounted while serving');
    expect(again).not.toContain('brought up to date');
  });
});

describe("the programme report's demonstrations at start-up", () => {
  /** The digest of what the kept demonstrations were worked out from, and how many rows they hold. */
  async function kept(dataDir: string) {
    const client = openFile(databaseFile(dataDir));
    try {
      const digest = await client.execute(`SELECT digest FROM report_kept_digests WHERE name = 'competencies'`);
      const rows = await client.execute('SELECT count(*) AS n FROM report_demonstrations');
      return { digest: digest.rows[0]?.digest, rows: Number(rows.rows[0]!.n) };
    } finally {
      client.close();
    }
  }

  test('prepare and the report page agree on the digest: a restart after a view works nobody out again', async () => {
    const dataDir = makeDataDir('startup-demonstrations');
    const db = await openMigrated(`file:${databaseFile(dataDir)}`);
    const [admin, trainee] = await seedUsers(db, [
      { email: 'report-admin@oqu.test', name: 'Report Admin', role: 'admin' },
      { email: 'evidence@oqu.test', name: 'Evidence Trainee' },
    ]);
    const actor = { id: admin!.id, email: admin!.email, ip: '127.0.0.1' };
    const set = { userId: trainee!.id, competency: 'social-business-model', state: 'demonstrated' as const };
    expect(await setCompetencyByHand(db, actor, { ...set, comment: 'Seen at the seminar' })).toEqual({ ok: true });
    closeDatabase(db);

    const first = await startServer({ dataDir });
    servers.push(first);
    const http = new HttpClient(first.baseURL);
    try {
      const afterPrepare = await kept(dataDir);
      expect(afterPrepare).toMatchObject({ digest: expect.any(String), rows: 1 });
      expect(first.log()).toContain("Programme report: 1 trainees' competencies worked out");
      expect((await http.get('/en/admin/report', { cookie: admin!.cookies[0] })).status).toBe(200);
      expect((await kept(dataDir)).digest).toBe(afterPrepare.digest);
    } finally {
      http.close();
      await first.stop();
    }
    const second = await startServer({ dataDir });
    servers.push(second);
    await second.stop();
    expect(second.log()).not.toContain('competencies worked out');
  });
});
