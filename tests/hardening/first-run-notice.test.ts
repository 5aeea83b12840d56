/**
 * A new copy without an admin says so to its operator: the server log at start and the home
 * page in every language show the `create-admin` command; once an admin exists the home page
 * no longer shows it (no restart needed) and the next start logs nothing about it.
 */
import { afterAll, expect, test } from 'vitest';
import { closeDatabase, openMigrated, seedUsers } from './lib/db.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { logMessages } from '../helpers/server.ts';

const COMMAND = 'npm run oqu -- create-admin --email you@example.kz --name &quot;Full Name&quot;';
const TITLES = {
  kk: 'Oqu-дың бұл көшірмесінде әзірге әкімші жоқ.',
  ru: 'У этой копии Oqu ещё нет администратора.',
  en: 'This copy of Oqu has no administrator yet.',
};
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

test('the first-run notice shows until an admin exists, in the log and on the home page', async () => {
  const dataDir = makeDataDir('first-run');
  const first = await startServer({ dataDir });
  servers.push(first);
  const log = logMessages(first.log());
  expect(log).toMatch('First run: this copy has no administrator yet. Stop the server');
  expect(log).toMatch('then start the server again.');
  expect(log).toMatch('npm run oqu -- create-admin --email you@example.kz --name "Full Name"');
  for (const [locale, title] of Object.entries(TITLES)) {
    const res = await fetch(`${first.baseURL}/${locale}/`);
    const html = await res.text();
    expect(html).toContain(title);
    expect(html).toContain(COMMAND);
    expect(res.headers.get('cache-control')).toBe('no-store');
  }
  // An admin made while the server runs (as the admin page's role change would).
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  await seedUsers(db, [{ email: 'owner@oqu.test', name: 'Owner', role: 'admin' }]);
  closeDatabase(db);
  const after = await (await fetch(`${first.baseURL}/en/`)).text();
  expect(after).not.toContain(TITLES.en);
  expect(after).not.toContain('create-admin');
  await first.stop();
  const second = await startServer({ dataDir });
  servers.push(second);
  expect(second.log()).not.toMatch('First run');
});
