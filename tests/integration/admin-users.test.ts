/** Finding users in the admin workspace, against a real migrated database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '#db/schema.ts';
import { assignTrainer, searchUsers } from '#lib/admin/users.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const people: [string, string, string][] = [
    ['a1', 'aliya@example.kz', 'Әлия Нұрланова'],
    ['a2', 'nurlan@example.kz', 'Нұрлан Қасымов'],
    ['a3', 'gulnar@example.kz', 'Гүлнәр Сәрсенбаева'],
    ['a4', 'john.smith@example.kz', 'John Smith'],
    ['a5', 'under_score@example.kz', 'Ірина 100% Ким'],
  ];
  await db.db.insert(users).values(
    people.map(([id, email, displayName]) => ({
      id,
      email,
      displayName,
      passwordHash: 'x',
      locale: 'kk' as const,
      createdAt: new Date('2026-01-01'),
    })),
  );
  await assignTrainer(db.db, 'a2', 'urbanism');
  await assignTrainer(db.db, 'a2', 'creative-industries');
});
afterAll(async () => {
  await db?.cleanup();
});

const emails = async (query: string) => (await searchUsers(db.db, query)).map((u) => u.email);

describe('searchUsers', () => {
  it('finds Kazakh and Cyrillic names in any case', async () => {
    expect(await emails('нұр')).toEqual(['aliya@example.kz', 'nurlan@example.kz']);
    expect(await emails('НҰРЛАН')).toEqual(['aliya@example.kz', 'nurlan@example.kz']);
    expect(await emails('әлия')).toEqual(['aliya@example.kz']);
    expect(await emails('сӘрсен')).toEqual(['gulnar@example.kz']);
    expect(await emails('іРИНА')).toEqual(['under_score@example.kz']);
  });

  it('finds e-mails in any case; wildcards are plain characters', async () => {
    expect(await emails(' SMITH@ ')).toEqual(['john.smith@example.kz']);
    expect(await emails('_')).toEqual(['under_score@example.kz']);
    expect(await emails('100%')).toEqual(['under_score@example.kz']);
    expect(await emails('*')).toEqual([]);
    expect(await emails('%')).toEqual(['under_score@example.kz']);
  });

  it('lists everyone by e-mail without a query, with the courses a trainer is assigned to', async () => {
    const all = await searchUsers(db.db, '');
    expect(all.map((u) => u.email)).toEqual([
      'aliya@example.kz',
      'gulnar@example.kz',
      'john.smith@example.kz',
      'nurlan@example.kz',
      'under_score@example.kz',
    ]);
    expect(all.find((u) => u.id === 'a2')!.courses).toEqual(['creative-industries', 'urbanism']);
    expect(await searchUsers(db.db, '', 2)).toHaveLength(2);
  });
});
