import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { backupSettings, parseInterval, pruneArchives, scheduledArchives } from './backup-schedule.mjs';

describe('the backup schedule', () => {
  test('reads intervals with a unit', () => {
    expect(parseInterval('24h')).toBe(86_400_000);
    expect(parseInterval('30m')).toBe(1_800_000);
    expect(parseInterval('2s')).toBe(2000);
    expect(parseInterval('1.5d')).toBe(129_600_000);
    for (const bad of ['24', 'h', '1w', '-1h', 'daily']) expect(parseInterval(bad)).toBeNull();
  });
  test('is off unless set; keeps 7 in data/backups; refuses bad values naming them', () => {
    expect(backupSettings({}, '/srv/oqu')).toEqual({ intervalMs: null, keep: 7, folder: '/srv/oqu/data/backups' });
    expect(backupSettings({ OQU_BACKUP_INTERVAL: '6h', OQU_BACKUP_KEEP: '3', OQU_BACKUP_DIR: '/b' }, '/r')).toEqual({
      intervalMs: 21_600_000,
      keep: 3,
      folder: '/b',
    });
    expect(() => backupSettings({ OQU_BACKUP_INTERVAL: 'nightly' }, '/r')).toThrow(/OQU_BACKUP_INTERVAL/);
    expect(() => backupSettings({ OQU_BACKUP_INTERVAL: '0s' }, '/r')).toThrow(/OQU_BACKUP_INTERVAL/);
    expect(() => backupSettings({ OQU_BACKUP_KEEP: '0' }, '/r')).toThrow(/OQU_BACKUP_KEEP/);
  });
  test('prunes the older scheduled archives only, never one made by hand', () => {
    const folder = mkdtempSync(join(tmpdir(), 'oqu-prune-'));
    const names = ['01', '02', '03', '04'].map((d) => `oqu-2026-12-${d}T03-00-00-000Z.scheduled.tar.gz`);
    for (const name of [...names, 'oqu-2026-11-01T00-00-00-000Z.tar.gz', 'notes.txt'])
      writeFileSync(join(folder, name), '');
    expect(pruneArchives(folder, 2)).toEqual([names[1], names[0]]);
    expect(scheduledArchives(folder)).toEqual([names[3], names[2]]);
    expect(readdirSync(folder)).toContain('oqu-2026-11-01T00-00-00-000Z.tar.gz');
    expect(scheduledArchives(join(folder, 'missing'))).toEqual([]);
  });
});
