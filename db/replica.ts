/**
 * Opens an embedded replica of the libSQL server (decision 056): a local file that libSQL keeps
 * a copy of the server's database in, pulling the server's changes every sync interval. Reads
 * are answered from the file (no round trip); a write is sent to the server, and the same client
 * reads it back at once. Settings: db/replica-settings.mjs.
 *
 * The client runs its statements synchronously on the JS thread, as for an embedded file: a
 * write waits for the server's answer with the thread held, so a replica suits a read-heavy
 * process near enough to its server (the benchmark's part 4c).
 */
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import type { ReplicaSettings } from './replica-settings.mjs';

export type { ReplicaSettings };

/**
 * The replica's files (the copy, its -wal/-shm and libSQL's -client_wal_index) readable by
 * their owner only, as the database file is. libSQL creates them itself (a file made
 * beforehand is refused), so they are made under a umask of 077 and their modes set after.
 */
function withPrivateFiles<T>(path: string, make: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const before = process.umask(0o077);
  return make().finally(() => {
    process.umask(before);
    for (const name of readdirSync(dirname(path)))
      if (name.startsWith(basename(path))) chmodSync(join(dirname(path), name), 0o600);
  });
}

/** Opens the replica of the server at `url` and syncs it once, so that it serves the server's rows from the start. */
export function openReplica(url: string, authToken: string | undefined, settings: ReplicaSettings): Promise<Client> {
  return withPrivateFiles(settings.path, async () => {
    let client: Client;
    try {
      client = createClient({
        url: `file:${settings.path}`,
        syncUrl: url,
        authToken,
        syncInterval: settings.syncIntervalSeconds,
        readYourWrites: true,
      });
    } catch (error) {
      throw new Error(
        `The replica ${settings.path} (DATABASE_REPLICA) could not be opened: ${(error as Error).message}. It is ` +
          'only a copy of the server: stop Oqu, delete it and its -wal, -shm and -client_wal_index files, and start.',
        { cause: error },
      );
    }
    try {
      await client.sync();
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  });
}
