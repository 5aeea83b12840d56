/**
 * Attendance where people read it (decision 044), against a real migrated database: "My learning"
 * lists a trainee's upcoming and attended sessions; the programme report counts people trained face
 * to face by field, region and Almaty month, each person once, leaving out cancelled sessions,
 * absences and the waiting list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { eventSignups, events, users } from '#db/schema.ts';
import { createId } from '#db/ids.ts';
import { listMySessions } from '#lib/events/my-sessions.server.ts';
import { courseSessionAttendance } from '#lib/events/session-stats.server.ts';
import { programmeAttendance } from '#lib/reports/programme-attendance.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

async function session(startsAt: string, course: string | null, cancelled = false) {
  const id = createId();
  const start = new Date(startsAt);
  await t.db.insert(events).values({
    id,
    kind: 'seminar',
    title: { en: `Seminar ${startsAt}` },
    description: {},
    place: 'Almaty',
    startsAt: start,
    endsAt: new Date(start.getTime() + 2 * 3600_000),
    capacity: 10,
    audience: 'everyone',
    course,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    cancelledAt: cancelled ? start : null,
  });
  return id;
}
async function mark(eventId: string, userId: string, attendance: 'present' | 'absent' | null, status = 'signed_up') {
  const at = new Date('2026-01-02T00:00:00Z');
  await t.db.insert(eventSignups).values({
    eventId,
    userId,
    status: status as 'signed_up',
    position: 1,
    signedUpAt: at,
    updatedAt: at,
    attendance,
  });
}

describe('attendance in My learning and in the programme report', () => {
  it('counts people trained face to face by field, region and month', async () => {
    const [a, b, c] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    await t.db.update(users).set({ region: 'Almaty' }).where(eq(users.id, a.id));
    await t.db.update(users).set({ region: 'Almaty' }).where(eq(users.id, b.id));
    // 2026-03-31 20:00 UTC is 1 April in Almaty: the month is April.
    const march = await session('2026-03-10T05:00:00Z', 'urbanism');
    const march2 = await session('2026-03-20T05:00:00Z', 'urbanism');
    const april = await session('2026-03-31T20:00:00Z', 'urbanism');
    const forum = await session('2026-03-15T05:00:00Z', null);
    const cancelled = await session('2026-03-12T05:00:00Z', 'urbanism', true);
    await mark(march, a.id, 'present');
    await mark(march2, a.id, 'present'); // the same person again in March: counted once
    await mark(march, b.id, 'absent');
    await mark(april, b.id, 'present');
    await mark(forum, c.id, 'present');
    await mark(cancelled, c.id, 'present');
    await mark(march2, c.id, null, 'waiting');
    const report = await programmeAttendance(t.db, { courseFields: { urbanism: 'urbanism' } });
    expect(report.rows).toEqual([
      { field: '', region: null, month: '2026-03', people: 1, sessions: 1 },
      { field: 'urbanism', region: 'Almaty', month: '2026-03', people: 1, sessions: 2 },
      { field: 'urbanism', region: 'Almaty', month: '2026-04', people: 1, sessions: 1 },
    ]);
    expect(report.people).toBe(3);
    const april2026 = await programmeAttendance(t.db, { from: '2026-04', courseFields: { urbanism: 'urbanism' } });
    expect(april2026).toEqual({
      rows: [{ field: 'urbanism', region: 'Almaty', month: '2026-04', people: 1, sessions: 1 }],
      people: 1,
    });

    const now = new Date('2026-03-25T00:00:00Z');
    const mine = await listMySessions(t.db, b.id, now);
    expect(mine.upcoming.map((s) => [s.event.id, s.status])).toEqual([[april, 'signed_up']]);
    expect(mine.attended).toEqual([]);
    expect((await listMySessions(t.db, a.id, now)).attended.map((s) => s.event.id)).toEqual([march2, march]);

    // The course dashboard: sessions that have started, latest first; the cancelled one is left out of the totals.
    const dashboard = await courseSessionAttendance(t.db, 'urbanism', undefined, now);
    expect(dashboard.sessions.map((s) => [s.event.id, s.signedUp, s.present, s.absent])).toEqual([
      [march2, 1, 1, 0],
      [cancelled, 1, 1, 0],
      [march, 2, 1, 1],
    ]);
    expect(dashboard.totals).toEqual({ signedUp: 3, present: 2, absent: 1, excused: 0 });
  });
});

describe('the course dashboard over many sessions', () => {
  it('lists the latest 20 but totals all started, not cancelled, sessions of the course', async () => {
    const [a, b] = [await makeUser(t.db), await makeUser(t.db)];
    const ids: string[] = [];
    for (let day = 1; day <= 25; day++) {
      const id = await session(`2026-05-${String(day).padStart(2, '0')}T05:00:00Z`, 'many');
      await mark(id, a.id, 'present');
      ids.push(id);
    }
    // The oldest session, beyond the latest 20, holds the only absence and an excused person.
    await mark(ids[0]!, b.id, 'absent');
    await t.db.insert(eventSignups).values({
      eventId: ids[1]!,
      userId: b.id,
      status: 'signed_up',
      position: 2,
      signedUpAt: new Date('2026-04-01T00:00:00Z'),
      updatedAt: new Date('2026-04-01T00:00:00Z'),
      attendance: 'excused',
    });
    const cancelled = await session('2026-05-26T05:00:00Z', 'many', true);
    await mark(cancelled, b.id, 'absent');
    await session('2026-06-20T05:00:00Z', 'many'); // not started yet
    const dashboard = await courseSessionAttendance(t.db, 'many', undefined, new Date('2026-06-01T00:00:00Z'));
    expect(dashboard.sessions).toHaveLength(20);
    expect(dashboard.sessions[0]!.event.id).toBe(cancelled);
    expect(dashboard.totals).toEqual({ signedUp: 27, present: 25, absent: 1, excused: 1 });
  });
});
