/**
 * `processAlive` is the one test behind every file a process marks as its own by its id (the
 * database lock, backups' temporary files, course import staging, the build a server runs from).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { processAlive } from '#db/process-alive.mjs';

describe('processAlive', () => {
  test('is true for this process', () => {
    expect(processAlive(process.pid)).toBe(true);
  });

  test('is false for a process that has exited', () => {
    const child = spawnSync(process.execPath, ['-e', '0']);
    expect(child.status).toBe(0);
    expect(processAlive(child.pid!)).toBe(false);
  });
});
