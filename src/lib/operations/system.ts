/**
 * The System page's facts (system.server.ts gathers them) and the rules that turn them into
 * warnings in plain words: each a message key with its values.
 */
import type { Course, CourseOrigin } from '#lib/courses/schema.ts';
import type { MessageKey } from '#lib/i18n/t.ts';

export interface BackupState {
  folder: string;
  /** The newest archive in the folder, by hand or scheduled. */
  newest: { name: string; at: Date; bytes: number } | null;
  /** The server's schedule, when OQU_BACKUP_INTERVAL is set. */
  schedule: {
    intervalMs: number;
    keep: number;
    next: string | null;
    running: boolean;
    last: null | { at: string; ok: boolean; bytes?: number; ms: number; error?: string };
  } | null;
}

export interface SystemFacts {
  version: string;
  node: string;
  /** `replica`: a libSQL server read through a local copy (decision 056), synced every `syncSeconds`. */
  database: { kind: 'file' | 'server' | 'replica'; bytes: number; syncSeconds?: number };
  pendingMigrations: number;
  backups: BackupState;
  keys: { kid: string; createdAt: Date; current: boolean }[];
  courses: { slug: string; title: Course['title']; version: string; origin?: CourseOrigin }[];
  mail: boolean;
  disk: { freeBytes: number; totalBytes: number } | null;
}

export interface SystemWarning {
  key: MessageKey;
  values?: Record<string, string | number>;
}

const GIB = 1024 ** 3;
const DAY = 86_400_000;
/** Without a schedule, a backup older than this is worth a warning. */
const UNSCHEDULED_AGE_DAYS = 7;

function backupWarnings({ newest, schedule }: BackupState, now: Date): SystemWarning[] {
  const warnings: SystemWarning[] = [];
  if (!schedule) warnings.push({ key: 'system.warn.backups_not_scheduled' });
  if (schedule?.last && !schedule.last.ok) warnings.push({ key: 'system.warn.backup_failed' });
  if (!newest) return [...warnings, { key: 'system.warn.no_backup' }];
  const limit = schedule ? 2 * schedule.intervalMs : UNSCHEDULED_AGE_DAYS * DAY;
  const age = now.getTime() - newest.at.getTime();
  if (age > limit) warnings.push({ key: 'system.warn.backup_old', values: { days: Math.floor(age / DAY) } });
  return warnings;
}

/** The warnings for `facts`, most urgent first. */
export function systemWarnings(facts: SystemFacts, now: Date): SystemWarning[] {
  const warnings: SystemWarning[] = [];
  if (facts.disk) {
    const { freeBytes, totalBytes } = facts.disk;
    if (freeBytes < GIB || freeBytes < totalBytes * 0.1)
      warnings.push({ key: 'system.warn.disk_low', values: { free: formatBytes(freeBytes) } });
  }
  if (facts.pendingMigrations > 0)
    warnings.push({ key: 'system.warn.pending_migrations', values: { count: facts.pendingMigrations } });
  if (facts.database.kind === 'file') warnings.push(...backupWarnings(facts.backups, now));
  if (!facts.mail) warnings.push({ key: 'system.warn.mail_off' });
  return warnings;
}

/** Bytes as the page shows them: 512 B, 3.4 MB, 1.2 GB (powers of 1024, one decimal). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
