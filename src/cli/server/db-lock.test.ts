import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { acquireDatabaseLock, DatabaseLockedError } from './db-lock.mjs';

const dir = mkdtempSync(join(tmpdir(), 'oqu-db-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the database lock', () => {
  test('is taken on a fresh checkout, before data/ exists, in a folder only the owner can open', () => {
    const file = join(dir, 'fresh', 'data', 'oqu.db');
    const lock = acquireDatabaseLock(`file:${file}`, 'test');
    expect(existsSync(`${file}.lock`)).toBe(true);
    expect(statSync(join(dir, 'fresh', 'data')).mode & 0o777).toBe(0o700);
    expect(() => acquireDatabaseLock(`file:${file}`, 'second')).toThrow(DatabaseLockedError);
    lock.release();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
  test('a libSQL server takes no lock', () => {
    expect(acquireDatabaseLock('http://127.0.0.1:8080', 'test').file).toBeNull();
  });
});
