/**
 * The programme report's numbers kept on write (db/migrations/0005_programme_counts.sql),
 * against a real migrated database: a seeded random walk of enrolments, completions,
 * certificates (issued, revoked, replaced after a name correction), changes of region and
 * deletions of enrolments and users. After every few steps the kept table must equal the
 * numbers counted from the rows themselves, by the rules of src/lib/reports/programme.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { certificates, enrollments, users } from '#db/schema.ts';
import { seededRandom } from '#lib/quiz/public.ts';
import { programmeReport } from '#lib/reports/programme.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let db: TestDatabase;
const random = seededRandom(5_2026);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const REGIONS = ['Almaty', 'Astana', 'Shymkent', null];
const COURSES = ['civic', 'green', 'maps'];
// Times across a year boundary and near the Almaty midnight at the turn of a month.
const TIMES = [
  Date.UTC(2025, 11, 31, 18, 59),
  Date.UTC(2025, 11, 31, 19, 0),
  Date.UTC(2026, 0, 15),
  Date.UTC(2026, 1, 28, 19, 30),
  Date.UTC(2026, 2, 10),
];

/**
 * The numbers counted from the rows: enrolments and completions by their month, a trainee's first certificate while
 * they hold a valid one.
 */
async function countedFromRows(): Promise<string[]> {
  const month = (at: string) => sql.raw(`strftime('%Y-%m', (${at} + 18000000) / 1000, 'unixepoch')`);
  const rows = await db.db.all<Record<string, unknown>>(sql`
    SELECT course, region, month, sum(e) AS enrolments, sum(c) AS completions, sum(k) AS certificates FROM (
      SELECT e.course, coalesce(u.region, '') AS region, ${month('e.enrolled_at')} AS month, 1 AS e, 0 AS c, 0 AS k
        FROM enrollments e JOIN users u ON u.id = e.user_id
      UNION ALL SELECT e.course, coalesce(u.region, ''), ${month('e.completed_at')}, 0, 1, 0
        FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.completed_at IS NOT NULL
      UNION ALL SELECT x.course, coalesce(u.region, ''), ${month('min(x.issued_at)')}, 0, 0, 1
        FROM certificates x JOIN users u ON u.id = x.user_id
        GROUP BY x.user_id, x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1)
    GROUP BY course, region, month ORDER BY course, region, month`);
  return rows.map((r) => JSON.stringify(r));
}

async function kept(): Promise<string[]> {
  const rows = await db.db.all<
    Record<string, unknown>
  >(sql`SELECT course, region, month, enrolments, completions, certificates FROM programme_counts
    WHERE enrolments <> 0 OR completions <> 0 OR certificates <> 0 ORDER BY course, region, month`);
  return rows.map((r) => JSON.stringify(r));
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.cleanup();
});

describe('programme counts kept on write', () => {
  it('equal the numbers counted from the rows through a random walk', async () => {
    let nextUser = 0;
    let nextCode = 0;
    const alive: string[] = [];
    const addUser = async () => {
      const id = `p${nextUser++}`;
      await db.db.insert(users).values({
        id,
        email: `${id}@example.kz`,
        displayName: `Trainee ${id}`,
        passwordHash: 'x',
        locale: 'kk',
        region: pick(REGIONS),
        createdAt: new Date(TIMES[0]!),
      });
      alive.push(id);
    };
    for (let i = 0; i < 8; i++) await addUser();
    const issue = async (userId: string, course: string, replaces?: string) => {
      const code = `CODE-${String(nextCode++).padStart(4, '0')}-XXXX`;
      const values = {
        code,
        userId,
        course,
        locale: 'kk' as const,
        holderName: userId,
        courseTitle: course,
        hours: 4,
        issuedAt: new Date(pick(TIMES)),
        issuerName: 'Oqu',
        signatoryName: 'S',
        signatoryTitle: 'T',
        credential: 'test',
      };
      if (replaces) {
        // A name correction: the old certificate marked replaced by the new one's code, and the new one, in one batch.
        await db.db.batch([
          db.db.update(certificates).set({ replacedBy: code }).where(eq(certificates.code, replaces)),
          db.db.insert(certificates).values(values),
        ]);
      } else {
        await db.db.insert(certificates).values(values);
      }
    };

    for (let step = 1; step <= 300; step++) {
      const userId = pick(alive);
      const course = pick(COURSES);
      const roll = random();
      if (roll < 0.3) {
        await db.db
          .insert(enrollments)
          .values({ userId, course, enrolledAt: new Date(pick(TIMES)) })
          .onConflictDoNothing();
      } else if (roll < 0.45) {
        await db.db
          .update(enrollments)
          .set({ completedAt: random() < 0.85 ? new Date(pick(TIMES)) : null })
          .where(sql`user_id = ${userId} AND course = ${course}`);
      } else if (roll < 0.55) {
        await db.db
          .update(enrollments)
          .set({ lastActivityAt: new Date(pick(TIMES)), lastLesson: 'l1' })
          .where(eq(enrollments.userId, userId));
      } else if (roll < 0.68) {
        const current = await db.db
          .select()
          .from(certificates)
          .where(sql`user_id = ${userId} AND course = ${course} AND replaced_by IS NULL`)
          .get();
        if (!current) await issue(userId, course);
        else if (random() < 0.5) await issue(userId, course, current.code);
        else
          await db.db
            .update(certificates)
            .set({
              revokedAt: current.revokedAt ? null : new Date(pick(TIMES)),
            })
            .where(eq(certificates.code, current.code));
      } else if (roll < 0.78) {
        await db.db
          .update(users)
          .set({ region: pick(REGIONS) })
          .where(eq(users.id, userId));
      } else if (roll < 0.86) {
        await db.db.delete(enrollments).where(sql`user_id = ${userId} AND course = ${course}`);
      } else if (roll < 0.92) {
        const held = await db.db.select().from(certificates).where(eq(certificates.userId, userId)).get();
        if (held) {
          // Certificates keep their holder: deleting them is refused, and nothing changes.
          const before = await kept();
          await expect(db.db.delete(users).where(eq(users.id, userId))).rejects.toThrow();
          expect(await kept()).toEqual(before);
        } else {
          await db.db.delete(users).where(eq(users.id, userId));
          alive.splice(alive.indexOf(userId), 1);
          await addUser();
        }
      } else {
        await addUser();
      }
      if (step % 25 === 0) expect(await kept()).toEqual(await countedFromRows());
    }
    const totals = (
      await programmeReport(db.db, {
        courseFields: { civic: 'social', green: 'urbanism', maps: 'urbanism' },
      })
    ).totals;
    expect(totals.enrolments).toBeGreaterThan(5);
    expect(totals.completions).toBeGreaterThan(0);
    expect(totals.certificates).toBeGreaterThan(0);
  });
});
