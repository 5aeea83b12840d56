/**
 * Compiled statements kept per connection of the embedded file (db/statement-cache.ts, decision 058): a statement
 * the client runs again is not compiled again, and what the client returns is what it returned without the cache.
 */
import Libsql from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '#db/schema.ts';
import { filePathOf } from '#db/client.ts';
import { compiledStatements, keepable, useStatementCache } from '#db/statement-cache.ts';
import { createSession, generateSessionToken, validateSessionToken } from '#lib/auth/session.server.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { perfectAnswers, sampleOutline, sampleQuiz } from '../fixtures/quiz.ts';
import { makeUser } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  useStatementCache(true);
  await t?.cleanup();
});

const attempt = (userId: string, idempotencyKey: string) =>
  submitAttempt(t.db, {
    userId,
    course: sampleOutline.slug,
    quizId: 'toc-quiz',
    quiz: sampleQuiz,
    answers: perfectAnswers,
    locale: 'en',
    idempotencyKey,
  });

describe.skipIf(process.env.OQU_TEST_DATABASE_URL)('the statement cache of the embedded file', () => {
  it('compiles the statements of a quiz post once, however many posts follow', async () => {
    const user = await makeUser(t.db);
    const token = generateSessionToken();
    await createSession(t.db, token, user);
    const post = async (key: string) => {
      expect(await validateSessionToken(t.db, token)).not.toBeNull();
      expect(await attempt(user.id, key)).toMatchObject({ ok: true, replayed: false });
    };
    const start = compiledStatements();
    await post('cache-warm-1');
    const before = compiledStatements();
    expect(before - start).toBeGreaterThanOrEqual(2);
    await post('cache-warm-2');
    await post('cache-warm-3');
    expect(compiledStatements() - before).toBe(0);
    // Without the cache every statement is compiled again (the counter counts only what the cache compiles).
    useStatementCache(false);
    try {
      expect(await attempt(user.id, 'cache-off-1')).toMatchObject({
        ok: false,
        error: 'quiz.error.attempts_exhausted',
      });
    } finally {
      useStatementCache(true);
    }
  });

  it('gives the same rows, errors and later schema as new statements would', async () => {
    const user = await makeUser(t.db);
    const read = () => t.db.select({ name: users.displayName }).from(users).where(eq(users.id, user.id));
    expect(await read()).toEqual([{ name: user.displayName }]);
    await t.db.update(users).set({ displayName: 'Әлия' }).where(eq(users.id, user.id));
    expect(await read()).toEqual([{ name: 'Әлия' }]);
    // A statement that failed runs again.
    const duplicate = () =>
      t.db.$client.execute({ sql: 'INSERT INTO users (id) SELECT id FROM users WHERE id = ?', args: [user.id] });
    await expect(duplicate()).rejects.toThrow(/constraint/i);
    await expect(duplicate()).rejects.toThrow(/constraint/i);
    // A kept statement sees a schema changed after it was compiled.
    await t.db.$client.execute('CREATE TABLE cache_probe (a INTEGER)');
    const all = () => t.db.$client.execute('SELECT * FROM cache_probe');
    expect((await all()).columns).toEqual(['a']);
    await t.db.$client.execute('ALTER TABLE cache_probe ADD COLUMN b TEXT');
    await t.db.$client.execute({ sql: 'INSERT INTO cache_probe VALUES (?, ?)', args: [1, 'x'] });
    const after = await all();
    expect(after.columns).toEqual(['a', 'b']);
    expect(after.rows.map((r) => ({ ...r }))).toEqual([{ a: 1, b: 'x' }]);
  });

  it('keeps no text with a column wildcard, whose columns a migration could change', () => {
    expect(keepable('SELECT count(*) AS n FROM users WHERE id = ?')).toBe(true);
    expect(keepable('SELECT * FROM users')).toBe(false);
    expect(keepable('INSERT INTO t (a) VALUES (?) RETURNING *')).toBe(false);
    expect(keepable('SELECT u.* FROM users u')).toBe(false);
  });

  it('hands back a kept statement in the modes of a new one', () => {
    const connection = new Libsql(filePathOf(t.url));
    try {
      const sql = 'SELECT 1 AS one, 2 AS two';
      connection.prepare(sql).raw(true).safeIntegers(true);
      expect(connection.prepare(sql).all()).toEqual([{ one: 1, two: 2 }]);
    } finally {
      connection.close();
    }
  });
});
