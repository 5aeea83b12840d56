// Scheduled backups from the server itself (decision 051). Plain JavaScript: loaded by serve.mjs
// (see its header).
//
// Every OQU_BACKUP_INTERVAL the server runs `oqu backup <file>` in a child process: the same
// archive as by hand (database snapshot, keys, courses, configuration, branding, pages), written
// under a hidden name, read back and checked against its manifest before it gets its name
// (src/cli/backup.ts), while this process goes on serving (the snapshot would otherwise hold its
// one thread). Then only the newest OQU_BACKUP_KEEP scheduled archives are kept. The state (last
// run, next run) is published on `globalThis` for the admin's System page.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** What the schedule writes: `oqu-<time>.scheduled.tar.gz` (only these are pruned). */
export const SCHEDULED = /^oqu-.+\.scheduled\.tar\.gz$/;
const UNITS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration like `6h`, `30m`, `1d` or `45s` in milliseconds; null when it is not one.
 * @param {string} text
 */
export function parseInterval(text) {
  const match = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim().toLowerCase());
  return match ? Math.round(Number(match[1]) * UNITS[/** @type {'s'|'m'|'h'|'d'} */ (match[2])]) : null;
}

/**
 * The schedule from the environment: `intervalMs` null when OQU_BACKUP_INTERVAL is not set;
 * throws naming a bad value.
 * @param {Record<string, string | undefined>} env
 * @param {string} root the project root
 */
export function backupSettings(env, root) {
  const text = env.OQU_BACKUP_INTERVAL?.trim();
  const intervalMs = text ? parseInterval(text) : null;
  if (text && !(intervalMs && intervalMs >= 1000))
    throw new Error(`OQU_BACKUP_INTERVAL is not valid: "${text}"; write e.g. 24h, 6h, 30m (at least 1s)`);
  const keepText = env.OQU_BACKUP_KEEP?.trim() || '7';
  const keep = Number(keepText);
  if (!Number.isInteger(keep) || keep < 1)
    throw new Error(`OQU_BACKUP_KEEP is not valid: "${keepText}"; write how many archives to keep, e.g. 7`);
  const dir = env.OQU_BACKUP_DIR?.trim() || join('data', 'backups');
  return { intervalMs, keep, folder: isAbsolute(dir) ? dir : join(root, dir) };
}

/**
 * The scheduled archives in `folder`, newest first.
 * @param {string} folder
 */
export function scheduledArchives(folder) {
  try {
    return readdirSync(folder)
      .filter((name) => SCHEDULED.test(name))
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

/**
 * Deletes all but the newest `keep` scheduled archives; returns the names deleted.
 * @param {string} folder
 * @param {number} keep
 */
export function pruneArchives(folder, keep) {
  const old = scheduledArchives(folder).slice(keep);
  for (const name of old) rmSync(join(folder, name), { force: true });
  return old;
}

/** When the first run is due: an interval after the newest scheduled archive, at least a short while after start. */
function firstRunAt(folder, intervalMs, now) {
  const newest = scheduledArchives(folder)[0];
  const soon = now + Math.min(intervalMs, 60_000);
  if (!newest) return soon;
  return Math.max(soon, statSync(join(folder, newest)).mtimeMs + intervalMs);
}

/**
 * Starts the schedule. Returns `stop()` (clears the timer, ends a backup under way, which removes
 * its partial file itself).
 * @param {{ root: string, settings: { intervalMs: number, keep: number, folder: string },
 *   logger: import('pino').Logger, env?: NodeJS.ProcessEnv }} options
 */
export function scheduleBackups({ root, settings, logger, env = process.env }) {
  const { intervalMs, keep, folder } = settings;
  /** @type {{ intervalMs: number, keep: number, folder: string, next: string | null, running: boolean,
   *   last: null | { at: string, ok: boolean, file?: string, bytes?: number, ms: number, error?: string } }} */
  const status = { intervalMs, keep, folder, next: null, running: false, last: null };
  globalThis[Symbol.for('oqu.backupSchedule')] = status;
  let timer;
  let child;
  let stopped = false;
  const plan = (at) => {
    if (stopped) return;
    status.next = new Date(at).toISOString();
    timer = setTimeout(run, Math.max(0, at - Date.now()));
  };
  const run = () => {
    const started = Date.now();
    const file = join(folder, `oqu-${new Date(started).toISOString().replace(/[:.]/g, '-')}.scheduled.tar.gz`);
    status.running = true;
    let output = '';
    child = spawn(process.execPath, [join(root, 'src', 'cli', 'oqu.ts'), 'backup', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('close', (code) => {
      child = undefined;
      status.running = false;
      const ms = Date.now() - started;
      if (code === 0) {
        const bytes = statSync(file).size;
        const pruned = pruneArchives(folder, keep);
        status.last = { at: new Date(started).toISOString(), ok: true, file, bytes, ms };
        logger.info({ backup: file, bytes, ms, pruned }, `Scheduled backup written and checked: ${file}`);
      } else {
        const error = output.trim().split('\n').pop() ?? `exit ${code}`;
        status.last = { at: new Date(started).toISOString(), ok: false, ms, error };
        logger.error({ backup: file, code, ms }, `Scheduled backup failed: ${error}`);
      }
      plan(Date.now() + intervalMs);
    });
  };
  plan(firstRunAt(folder, intervalMs, Date.now()));
  logger.info(
    { backupDir: folder, intervalMs, keep },
    `Scheduled backups: every ${intervalMs / 1000} s into ${folder}, keeping the newest ${keep}; next ${status.next}.`,
  );
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      child?.kill('SIGTERM');
    },
  };
}
