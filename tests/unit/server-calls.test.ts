/** The guard on calls to a libSQL server (db/server-calls.ts): held to a few in flight, busy answers tried again. */
import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { isBusy, limitServerCalls, retryBusy } from '#db/server-calls.ts';

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

describe('limitServerCalls', () => {
  it('lets no more than the limit run at once, and runs them all', async () => {
    let running = 0;
    let most = 0;
    const slow = async (): Promise<number> => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return 1;
    };
    const client = limitServerCalls({ execute: slow, batch: slow, executeMultiple: slow } as unknown as Client, 3);
    const done = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? client.execute('') : client.batch([]))),
    );
    expect({ most, done: done.length }).toEqual({ most: 3, done: 30 });
  });
});
