/**
 * Oqu's command line: `npm run oqu -- <command>`. Runs directly under Node >= 22.18
 * (TypeScript type stripping), so it needs no build step.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { runValidate } from './validate.ts';
import { runPrepare, runServe } from './serve.ts';
import { runCreateAdmin, runMigrate, runSetRole } from './db-commands.ts';
import { runBackup } from './backup.ts';
import { runRestore } from './restore.ts';
import { runRotateKeys } from './keys.ts';
import { runExportCourse, runImportCourse } from './course-bundle.ts';
import { runSendReminders } from './reminders.ts';
import { runSendDigests } from './digests.ts';
import { runNginxConfig } from './nginx-config.ts';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const commands: Record<string, { help: string; run: (args: string[]) => Promise<number> }> = {
  validate: {
    help: 'check every course file in courses/ (or the folder given)',
    run: (args) => runValidate(projectRoot, args),
  },
  serve: {
    help: 'serve the built site (run `npm run build` first); same as `node src/cli/serve.mjs`',
    run: () => runServe(projectRoot),
  },
  prepare: {
    help: 'check the configuration and build, migrate the database, make sure of the signing key',
    run: () => runPrepare(projectRoot),
  },
  migrate: { help: 'apply database migrations (DATABASE_URL, default data/oqu.db)', run: () => runMigrate() },
  'create-admin': {
    help: 'create an admin: --email a@b.kz --name "Full Name" (password: OQU_ADMIN_PASSWORD or prompt)',
    run: (args) => runCreateAdmin(projectRoot, args),
  },
  backup: {
    help: 'one checked archive of database, keys, courses, configuration, branding: [file] (default data/backups/)',
    run: (args) => runBackup(args),
  },
  restore: {
    help: 'restore a backup archive onto a fresh copy: <archive> (stop the server first)',
    run: (args) => runRestore(args),
  },
  'rotate-keys': {
    help: 'make a new certificate signing key (old public keys stay published)',
    run: () => runRotateKeys(),
  },
  'export-course': {
    help: 'pack a course for another host: <course> [file]; --format scorm12|scorm2004|cc --locale kk|ru|en (LMSs)',
    run: (args) => runExportCourse(projectRoot, args),
  },
  'import-course': {
    help: "add a course from another host's bundle: <file> [--as <course>] [--replace [--yes]]",
    run: (args) => runImportCourse(projectRoot, args),
  },
  'send-reminders': {
    help: 'e-mail the people signed up for sessions that start within 24 hours (once per session)',
    run: () => runSendReminders(projectRoot),
  },
  'send-digests': {
    help: 'e-mail the daily digest of new discussion posts to those who chose it (once a day each)',
    run: () => runSendDigests(projectRoot),
  },
  'nginx-config': {
    help: "nginx's server blocks (it serves dist/client): --server-name <name> [--root <dir>] [--upstream <host:port>]",
    run: (args) => runNginxConfig(projectRoot, args),
  },
  'set-role': { help: 'change a role: --email a@b.kz --role learner|trainer|admin', run: (args) => runSetRole(args) },
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log('usage: npm run oqu -- <command>\n');
    for (const [key, c] of Object.entries(commands)) console.log(`  ${key.padEnd(12)} ${c.help}`);
    return name ? 2 : 0;
  }
  return command.run(args);
}

process.exitCode = await main();
