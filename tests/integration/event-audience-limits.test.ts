/**
 * Who may schedule a session for whom, against a real migrated database, through the action the
 * trainer's sessions page calls with the scope it computes (scheduleScopeOf): a trainer only for
 * the cohorts they made of courses they follow and for those courses; never for "everyone",
 * another trainer's cohort or a course they do not follow, even with a hand-made form. An admin
 * may schedule for all three. A refusal writes nothing.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, events } from '#db/schema.ts';
import { assignTrainer } from '#lib/admin/users.server.ts';
import { createCohort, type Cohort } from '#lib/cohorts/cohorts.server.ts';
import { scheduleEvents, scheduleScopeOf } from '#lib/events/actions.server.ts';
import type { User } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
const CATALOG = ['mine', 'theirs'];
let trainer: User;
let otherTrainer: User;
let admin: User;
let myCohort: Cohort;
let theirCohort: Cohort;
let theirCohortOfMine: Cohort;

async function cohortOf(course: string, name: string, by: string): Promise<Cohort> {
  const made = await createCohort(
    t.db,
    { name, course, startsOn: '', endsOn: '', applicationsOpenOn: '', applicationsCloseOn: '' },
    by,
  );
  if (!made.ok) throw new Error(JSON.stringify(made.fields));
  return made.cohort;
}
beforeAll(async () => {
  t = await createTestDatabase();
  [trainer, otherTrainer, admin] = [
    await makeUser(t.db, 'trainer'),
    await makeUser(t.db, 'trainer'),
    await makeUser(t.db, 'admin'),
  ];
  await assignTrainer(t.db, trainer.id, 'mine');
  await assignTrainer(t.db, otherTrainer.id, 'theirs');
  await assignTrainer(t.db, otherTrainer.id, 'mine');
  myCohort = await cohortOf('mine', 'Almaty spring', trainer.id);
  theirCohort = await cohortOf('theirs', 'Shymkent spring', otherTrainer.id);
  // The other trainer's cohort of a course both follow: still not the first trainer's.
  theirCohortOfMine = await cohortOf('mine', 'Taraz spring', otherTrainer.id);
});
afterAll(async () => {
  await t?.cleanup();
});

const formOf = (fields: Record<string, string>) => {
  const f = new FormData();
  const all: Record<string, string> = {
    kind: 'seminar',
    title_en: 'Limits seminar',
    place: 'Abay Ave 10, Almaty',
    date: '2030-04-02',
    startTime: '10:00',
    endTime: '12:00',
    capacity: '20',
    ...fields,
  };
  for (const [k, v] of Object.entries(all)) f.set(k, v);
  return f;
};
async function schedule(user: User, fields: Record<string, string>) {
  const scope = await scheduleScopeOf(t.db, user, CATALOG);
  return scheduleEvents(t.db, { id: user.id, email: user.email, role: user.role }, formOf(fields), scope);
}
const eventsCount = async () => (await t.db.select({ n: count() }).from(events).get())!.n;
const auditCount = async () =>
  (await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'event.create')).get())!.n;

describe('scheduling a session', () => {
  it("refuses a trainer 'everyone', another trainer's cohort, a course not theirs; writes nothing", async () => {
    const [before, audited] = [await eventsCount(), await auditCount()];
    expect(await schedule(trainer, { audience: 'everyone' })).toMatchObject({
      ok: false,
      error: 'event.error.forbidden_audience',
      fields: { audience: 'event.error.forbidden_audience' },
    });
    // "Everyone" with a course of theirs named beside it is still everyone.
    expect(await schedule(trainer, { audience: 'everyone', course: 'mine' })).toMatchObject({
      ok: false,
      error: 'event.error.forbidden_audience',
    });
    for (const cohort of [theirCohort, theirCohortOfMine])
      expect(await schedule(trainer, { audience: 'cohort', cohortId: cohort.id, course: 'mine' })).toMatchObject({
        ok: false,
        error: 'event.error.cohort',
        fields: { cohortId: 'event.error.cohort' },
      });
    expect(await schedule(trainer, { audience: 'course', course: 'theirs' })).toMatchObject({
      ok: false,
      error: 'event.error.course',
      fields: { course: 'event.error.course' },
    });
    expect(await eventsCount()).toBe(before);
    expect(await auditCount()).toBe(audited);
  });

  it("lets a trainer schedule for their own cohort and course, and an admin for everyone and anyone's", async () => {
    const mine = await schedule(trainer, { audience: 'cohort', cohortId: myCohort.id });
    expect(mine).toMatchObject({ ok: true });
    expect(mine.ok && mine.created![0]).toMatchObject({ audience: 'cohort', cohortId: myCohort.id, course: 'mine' });
    expect(await schedule(trainer, { audience: 'course', course: 'mine' })).toMatchObject({ ok: true });

    const forAll = await schedule(admin, { audience: 'everyone' });
    expect(forAll.ok && forAll.created![0]).toMatchObject({ audience: 'everyone', course: null, createdBy: admin.id });
    const theirs = await schedule(admin, { audience: 'cohort', cohortId: theirCohort.id });
    expect(theirs.ok && theirs.created![0]).toMatchObject({ cohortId: theirCohort.id, course: 'theirs' });
    expect(await schedule(admin, { audience: 'course', course: 'theirs' })).toMatchObject({ ok: true });
  });
});
