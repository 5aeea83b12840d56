/**
 * Something built once per database handle, e.g. a drizzle prepared query of a hot path: building a query anew on
 * each call costs more than running it (docs/benchmarks.md). A handle that is closed and dropped takes its
 * prepared queries with it.
 */
import type { Database } from './client.ts';

export function oncePerDatabase<T>(build: (db: Database) => T): (db: Database) => T {
  const built = new WeakMap<Database, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) built.set(db, (value = build(db)));
    return value;
  };
}
