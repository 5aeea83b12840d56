/**
 * 9. Start-up and the dashboard counts (docs/decisions/008): `oqu prepare` counts every course
 * of courses/ on a new database before the server listens, the server's own check on its
 * first request then finds the built courses identical (no second recount while serving),
 * and a restart recounts nothing. A difference between what prepare reads and what the build
 * holds would recount the biggest course on every start, stalling the server for seconds on
 * a big copy; this is the test that would show it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeDataDir, startServer, type RunningServer } from './lib/server.ts';
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
