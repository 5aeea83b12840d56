import { describe, expect, test } from 'vitest';
import { workerCount } from './cluster.mjs';

const SERVER = 'http://127.0.0.1:8080';

describe('OQU_WORKERS', () => {
  test('unset is one process, on any database', () => {
    expect(workerCount({}, 'file:/srv/oqu/data/oqu.db', 2)).toBe(1);
    expect(workerCount({ OQU_WORKERS: ' ' }, SERVER, 2)).toBe(1);
  });
  test('auto is one per core; a number is that many', () => {
    expect(workerCount({ OQU_WORKERS: 'auto' }, SERVER, 8)).toBe(8);
    expect(workerCount({ OQU_WORKERS: 'AUTO' }, 'libsql://oqu.example.kz', 2)).toBe(2);
    expect(workerCount({ OQU_WORKERS: '3' }, 'https://db.example.kz', 2)).toBe(3);
    expect(workerCount({ OQU_WORKERS: '1' }, 'file:/srv/oqu/data/oqu.db', 2)).toBe(1);
  });
  test('a bad value is refused, naming it', () => {
    for (const value of ['0', '-2', '1.5', 'many', '65'])
      expect(() => workerCount({ OQU_WORKERS: value }, SERVER, 2)).toThrow(`OQU_WORKERS is not valid: "${value}"`);
  });
  test('more than one worker on an embedded file (or memory) is refused with the way out', () => {
    for (const url of ['file:/srv/oqu/data/oqu.db', 'file:data/oqu.db?mode=rw', 'file::memory:']) {
      expect(() => workerCount({ OQU_WORKERS: '2' }, url, 2)).toThrow(/needs a libSQL server.*Run sqld/s);
      expect(() => workerCount({ OQU_WORKERS: 'auto' }, url, 2)).toThrow('only one process may write');
    }
    // one core: auto is one process, allowed anywhere
    expect(workerCount({ OQU_WORKERS: 'auto' }, 'file:/srv/oqu/data/oqu.db', 1)).toBe(1);
  });
});
