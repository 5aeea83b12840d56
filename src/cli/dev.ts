/**
 * `npm run dev`: the preview a trainer writes a course against. Brings the database up to date
 * first (a fresh clone has none, and the first page printed a `no such table` stack trace), then
 * runs `astro dev` under this same Node with Astro's update check off: its "new version
 * available, run npx @astrojs/upgrade" notice is for the people who maintain Oqu, not for a
 * trainer, who could break the site by following it (decision 019). Arguments go to `astro dev`
 * (`npm run dev -- --port 4400`).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeDatabase, createDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';

const root = join(import.meta.dirname, '..', '..');

async function migrate(): Promise<void> {
  const db = await createDatabase();
  try {
    await migrateDatabase(db);
  } finally {
    closeDatabase(db);
  }
}

function astroBin(): string {
  const folder = join(root, 'node_modules', 'astro');
  const { bin } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(folder, bin.astro!);
}

try {
  await migrate();
} catch (error) {
  console.error(`Oqu could not prepare the database: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const child = spawn(process.execPath, [astroBin(), 'dev', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ASTRO_DISABLE_UPDATE_CHECK: 'true' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
