/**
 * Compiled statements kept per connection of an embedded database file (decision 058).
 *
 * @libsql/client prepares every statement it runs anew: SQLite parses and compiles the text each
 * time, and it keeps no cache. On Oqu's schema compiling often costs more than running, since a
 * write compiles every trigger that keeps counts on write: the quiz attempt INSERT compiles its five
 * triggers (150-350 µs) to run in about 100. Here each connection of the `libsql` driver under the
 * client keeps its compiled statements by text (the least recently used out past `LIMIT`), so the
 * client's `prepare` of a text it ran before costs a map lookup. Everything else the client does is
 * unchanged (its pool, transactions, values and errors); a statement from the cache is handed back
 * in the modes a new one has.
 *
 * After a schema change (a migration) SQLite recompiles a kept statement by itself when it next
 * runs, with the same result as compiling it anew, except for one thing: the client reads a
 * statement's columns before running it, so a column wildcard (`SELECT *`, `RETURNING *`) would name
 * the old columns. A text with a `*` other than `count(*)` is therefore never kept (Oqu's queries
 * name their columns).
 *
 * Not for embedded replicas (db/replica.ts): a replica's connection may send a statement to the
 * server, so `withoutStatementCache()` turns the cache off for the process before one is opened.
 */
import Libsql from 'libsql';

/** Distinct statement texts kept per connection: Oqu's pages and forms run a few hundred. */
const LIMIT = 500;

type Statement = ReturnType<Libsql.Database['prepare']> & { pluckMode?: boolean };
type Prepare = (this: Libsql.Database, sql: string) => Statement;

const kept = new WeakMap<Libsql.Database, Map<string, Statement>>();
let enabled = true;
let installed = false;
let compiledCount = 0;

/** Whether a text may be kept: no column wildcard, whose columns could change under it. */
export function keepable(sql: string): boolean {
  return !sql.replace(/count\(\s*\*\s*\)/gi, '').includes('*');
}

/** Back to the modes of a statement just prepared (the client sets the ones it wants each time). */
function fresh(statement: Statement): Statement {
  statement.safeIntegers(false);
  if (statement.reader) statement.raw(false);
  statement.pluckMode = false;
  return statement;
}

/** Makes every embedded-file connection of the process keep its compiled statements; once is enough. */
export function installStatementCache(): void {
  if (installed) return;
  installed = true;
  const proto = (Libsql as unknown as { prototype: { prepare: Prepare } }).prototype;
  const prepare = proto.prepare;
  proto.prepare = function cachedPrepare(this: Libsql.Database, sql: string): Statement {
    if (!enabled || !keepable(sql)) return prepare.call(this, sql);
    let statements = kept.get(this);
    if (!statements) kept.set(this, (statements = new Map()));
    const hit = statements.get(sql);
    if (hit) {
      statements.delete(sql);
      statements.set(sql, hit);
      return fresh(hit);
    }
    const statement = prepare.call(this, sql);
    compiledCount += 1;
    statements.set(sql, statement);
    if (statements.size > LIMIT) statements.delete(statements.keys().next().value!);
    return statement;
  };
}

/** Turns the cache off for the rest of the process (before an embedded replica is opened). */
export function withoutStatementCache(): void {
  enabled = false;
}

/** Turns the cache on or off (the benchmark compares both in one process); a connection keeps what it has. */
export function useStatementCache(on: boolean): void {
  enabled = on;
}

/** Statements compiled through the cache so far in this process (the tests count them). */
export function compiledStatements(): number {
  return compiledCount;
}
