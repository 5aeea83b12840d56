/** The guard on calls to a libSQL server (db/server-calls.ts): writes one at a time, reads a few, busy tried again. */
import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { isBusy, limitServerCalls, readsOnly, retryBusy } from '#db/server-calls.ts';

const busy = (): Error => Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });

describe('retryBusy', () => {
  it('tries a call again while the server answers busy, and returns its result', async () => {
    let calls = 0;
    const result = await retryBusy(async () => {
      calls++;
      if (calls < 3) throw busy();
      return 'done';
    });
    expect({ result, calls }).toEqual({ result: 'done', calls: 3 });
  });

  it('passes any other error on at once, and a busy one after the last try', async () => {
    let calls = 0;
    const other = retryBusy(async () => {
      calls++;
      throw Object.assign(new Error('no such table'), { code: 'SQLITE_ERROR' });
    });
    await expect(other).rejects.toThrow('no such table');
    expect(calls).toBe(1);
    await expect(retryBusy(() => Promise.reject(busy()), 2)).rejects.toSatisfy(isBusy);
  });
});

describe('readsOnly', () => {
  it('knows reads from writes, and takes what it does not know for a write', () => {
    const reads = ['select 1', '  SELECT * FROM users', 'with a as (select 1) select * from a', 'PRAGMA user_version'];
    const writes = [
      'insert into t values (1)',
      'UPDATE t SET n = 1',
      'with a as (select 1) insert into t select * from a',
      'PRAGMA foreign_keys = ON',
      'VACUUM INTO ?',
    ];
    expect(reads.map((sql) => readsOnly({ sql, args: [] }))).toEqual(reads.map(() => true));
    expect(writes.map((sql) => readsOnly(sql))).toEqual(writes.map(() => false));
  });
});

describe('limitServerCalls', () => {
  it('runs writes one at a time and reads up to the limit beside them, and runs them all', async () => {
    const running = { read: 0, write: 0 };
    const most = { read: 0, write: 0 };
    const slow = (kind: 'read' | 'write') => async (): Promise<number> => {
      running[kind]++;
      most[kind] = Math.max(most[kind], running[kind]);
      await new Promise((r) => setTimeout(r, 2));
      running[kind]--;
      return 1;
    };
    const fake = {
      execute: (s: string) => slow(s.startsWith('select') ? 'read' : 'write')(),
      batch: slow('write'),
      executeMultiple: slow('write'),
    };
    const client = limitServerCalls(fake as unknown as Client, 3);
    const calls = Array.from({ length: 30 }, (_, i) =>
      [() => client.execute('select 1'), () => client.execute('insert into t values (1)'), () => client.batch([])][
        i % 3
      ]!(),
    );
    const done = await Promise.all(calls);
    expect({ most, done: done.length }).toEqual({ most: { read: 3, write: 1 }, done: 30 });
  });
});
