/**
 * The admin's user list on a big site: it counts up to a cap (a search over 100,000 users must
 * not read them all to say how many there are), says "more than", and still pages past it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '#db/schema.ts';
import { COUNT_CAP, listPaging, parseUserListQuery } from '#lib/admin/listing.ts';
import { listUsers } from '#lib/admin/users.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const MANY = COUNT_CAP + 150;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const rows = Array.from({ length: MANY }, (_, i) => ({
    id: `u${i}`,
    email: `user${String(i).padStart(5, '0')}@example.kz`,
    displayName: i % 2 ? `Нұрлан ${i}` : `Айгүл ${i}`,
    role: 'learner' as const,
    passwordHash: 'x',
    locale: 'kk' as const,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
  }));
  for (let i = 0; i < rows.length; i += 500) await t.db.insert(users).values(rows.slice(i, i + 500));
});
afterAll(async () => {
  await t?.cleanup();
});

const list = (fields: Record<string, string>) => listUsers(t.db, parseUserListQuery(new URLSearchParams(fields)));

describe('a long user list', () => {
  it('counts up to the cap and says there are more', async () => {
    const first = await list({});
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.id).toBe(`u${MANY - 1}`);
    expect(first.total).toBe(COUNT_CAP + 1);
    expect(listPaging(first.total, 1)).toMatchObject({ count: COUNT_CAP, more: true, hasNext: true });
  });

  it('pages past the cap to the last user, and counts exactly there', async () => {
    const last = Math.ceil(MANY / 50);
    const page = await list({ page: String(last) });
    expect(page.rows.at(-1)!.id).toBe('u0');
    expect(listPaging(page.total, last)).toEqual({ count: MANY, more: false, pages: last, hasNext: false });
  });

  it('counts a search that finds fewer than the cap exactly', async () => {
    const found = await list({ q: 'нұрлан 11' });
    // "Нұрлан 11…": the odd numbers that start with 11 (11, 111, 113, ..., 1101, ...)
    const expected = Array.from({ length: MANY }, (_, i) => i).filter(
      (i) => i % 2 && String(i).startsWith('11'),
    ).length;
    expect(expected).toBeGreaterThan(20);
    expect(found.total).toBe(expected);
    expect(listPaging(found.total, 1).more).toBe(false);
  });
});
