import { describe, expect, test } from 'vitest';
import { DEFAULT_SYNC_INTERVAL_S, replicaSettings } from '#db/replica-settings.mjs';

const SERVER = 'http://127.0.0.1:8080';

describe('DATABASE_REPLICA', () => {
  test('unset: no replica', () => {
    expect(replicaSettings({}, SERVER)).toBeNull();
    expect(replicaSettings({ DATABASE_REPLICA: ' ' }, 'file:/srv/oqu/data/oqu.db')).toBeNull();
  });

  test('a file path against a server, with the default or a given interval', () => {
    expect(replicaSettings({ DATABASE_REPLICA: '/var/lib/oqu/replica.db' }, 'libsql://db.example.kz')).toEqual({
      path: '/var/lib/oqu/replica.db',
      syncIntervalSeconds: DEFAULT_SYNC_INTERVAL_S,
    });
    const env = { DATABASE_REPLICA: '/r.db', DATABASE_SYNC_INTERVAL: '0.25' };
    expect(replicaSettings(env, SERVER, 1)?.syncIntervalSeconds).toBe(0.25);
  });

  test('refused against an embedded file: there is no server to copy', () => {
    expect(() => replicaSettings({ DATABASE_REPLICA: '/r.db' }, 'file:/srv/oqu/data/oqu.db')).toThrow(
      'DATABASE_REPLICA needs a libSQL server to copy',
    );
  });

  test("refused with more than one worker: a visitor's requests go to every worker in turn", () => {
    const env = { DATABASE_REPLICA: '/r.db', OQU_WORKERS: 'auto' };
    expect(() => replicaSettings(env, SERVER, 2)).toThrow(/cannot be used with OQU_WORKERS=auto.*signed out/s);
    expect(replicaSettings(env, SERVER, 1)).not.toBeNull();
  });

  test('refused: a URL for the file, an interval out of range', () => {
    expect(() => replicaSettings({ DATABASE_REPLICA: 'file:/r.db' }, SERVER)).toThrow('a file path');
    for (const value of ['0', '0.01', '-1', 'soon', '7200'])
      expect(() => replicaSettings({ DATABASE_REPLICA: '/r.db', DATABASE_SYNC_INTERVAL: value }, SERVER)).toThrow(
        `DATABASE_SYNC_INTERVAL is not valid: "${value}"`,
      );
  });
});
