/**
 * Check-in with a session's QR code against a real migrated database (docs/decisions/044): the
 * code of this minute and of the last one mark a signed-up trainee present (and complete their
 * course); the code of the minute before that, a code outside the session's time, a cancelled
 * session, someone on the waiting list or not signed up at all are refused; tries are rate-limited.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { eventSignups, events, rateLimits } from '#db/schema.ts';
import { listCertificates } from '#lib/certificates/certificates.server.ts';
import { checkinCode, minuteOf } from '#lib/events/checkin.ts';
import { checkIn, checkinScreen } from '#lib/events/checkin.server.ts';
import { findEvent } from '#lib/events/events.server.ts';
import { signUp } from '#lib/events/signups.server.ts';
import { finishLesson } from '#lib/learning/learning.server.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { attendanceCourse, courseSeminar } from './attendance-course.ts';
import { useTemporarySigningKeys } from './learning-course.ts';

let t: TestDatabase;
const { course, context } = attendanceCourse('checkin');
beforeAll(async () => {
  useTemporarySigningKeys();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

/** A session of the course from 10:00 to 12:00 Almaty time on a day in the past (times are injected). */
async function seminar(capacity = 5) {
  return (await courseSeminar(t.db, 'checkin', 'Check-in seminar', capacity)).event;
}
/** Signs the user up before the session (sign-up closes at its start). */
const signUpEarly = (eventId: string, userId: string) =>
  signUp(t.db, eventId, userId, new Date('2026-11-19T00:00:00Z'));
const person = (u: { id: string; email: string; displayName: string }) => ({
  ...u,
  locale: 'en' as const,
  ip: '203.0.113.9',
});
const during = new Date('2026-11-20T05:30:20Z'); // 10:30:20 in Almaty

describe('check-in with the QR code', () => {
  it('marks a signed-up trainee present with this minute’s or the last minute’s code, not older', async () => {
    const event = await seminar();
    const [a, b, c] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    for (const u of [a, b, c]) {
      await enrol(t.db, u.id, 'checkin');
      await signUpEarly(event.id, u.id);
    }
    await finishLesson(t.db, { learner: a, course, lesson: 'first' }, context.learning);
    // The key is made when the trainer first shows the code, and the screen shows this minute's code.
    expect((await findEvent(t.db, event.id))!.checkinKey).toBeNull();
    const screen = await checkinScreen(t.db, event, during);
    const shown = (await findEvent(t.db, event.id))!;
    expect(shown.checkinKey).toBeTruthy();
    expect(screen).toMatchObject({ window: 'open', signedUp: 3, present: 0 });
    expect(screen.code).toBe(checkinCode(shown.checkinKey!, event.id, minuteOf(during)));

    const minute = minuteOf(during);
    const codeOf = (m: number) => checkinCode(shown.checkinKey!, event.id, m);
    expect(await checkIn(t.db, person(a), shown, codeOf(minute), context, during)).toEqual({
      ok: true,
      already: false,
    });
    expect(await checkIn(t.db, person(a), shown, codeOf(minute), context, during)).toEqual({ ok: true, already: true });
    expect(await checkIn(t.db, person(b), shown, codeOf(minute - 1), context, during)).toEqual({
      ok: true,
      already: false,
    });
    // The code of the minute before last, and a code made up, are refused.
    expect(await checkIn(t.db, person(c), shown, codeOf(minute - 2), context, during)).toEqual({
      ok: false,
      error: 'event.checkin.bad_code',
    });
    expect(await checkIn(t.db, person(c), shown, 'AAAAAAAAAAAAAAAA', context, during)).toMatchObject({
      error: 'event.checkin.bad_code',
    });
    const marks = await t.db.select().from(eventSignups).where(eq(eventSignups.eventId, event.id));
    expect(Object.fromEntries(marks.map((m) => [m.userId, m.attendance]))).toEqual({
      [a.id]: 'present',
      [b.id]: 'present',
      [c.id]: null,
    });
    // a had finished the lesson: attending completes the course with its certificate; b had not.
    expect(await listCertificates(t.db, a.id)).toHaveLength(1);
    expect(await listCertificates(t.db, b.id)).toHaveLength(0);
    expect(await checkinScreen(t.db, shown, during)).toMatchObject({ present: 2 });
  });

  it('works only between the start and the end, and not for a cancelled session', async () => {
    const event = await seminar();
    const a = await makeUser(t.db);
    await enrol(t.db, a.id, 'checkin');
    await signUpEarly(event.id, a.id);
    await checkinScreen(t.db, event, during);
    const shown = (await findEvent(t.db, event.id))!;
    for (const now of [new Date('2026-11-20T04:59:30Z'), new Date('2026-11-20T07:00:10Z')]) {
      // A code that would be right for that minute, shown a moment earlier, is still refused.
      const code = checkinCode(shown.checkinKey!, event.id, minuteOf(now));
      expect(await checkIn(t.db, person(a), shown, code, context, now)).toEqual({
        ok: false,
        error: 'event.checkin.not_running',
      });
    }
    expect(await checkinScreen(t.db, shown, new Date('2026-11-20T04:59:30Z'))).toMatchObject({
      window: 'before',
      code: null,
    });
    expect(await checkinScreen(t.db, shown, new Date('2026-11-20T07:00:10Z'))).toMatchObject({
      window: 'after',
      code: null,
    });
    await t.db.update(events).set({ cancelledAt: during }).where(eq(events.id, event.id));
    const cancelled = (await findEvent(t.db, event.id))!;
    const code = checkinCode(shown.checkinKey!, event.id, minuteOf(during));
    expect(await checkIn(t.db, person(a), cancelled, code, context, during)).toMatchObject({
      error: 'event.is_cancelled',
    });
    expect((await checkinScreen(t.db, cancelled, during)).code).toBeNull();
  });

  it('refuses people on the waiting list or not signed up, and too many tries', async () => {
    const event = await seminar(1);
    const [a, waiting, stranger] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    for (const u of [a, waiting]) {
      await enrol(t.db, u.id, 'checkin');
      await signUpEarly(event.id, u.id);
    }
    await checkinScreen(t.db, event, during);
    const shown = (await findEvent(t.db, event.id))!;
    const code = checkinCode(shown.checkinKey!, event.id, minuteOf(during));
    for (const u of [waiting, stranger])
      expect(await checkIn(t.db, person(u), shown, code, context, during)).toEqual({
        ok: false,
        error: 'event.checkin.not_signed_up',
      });
    await t.db.delete(rateLimits);
    for (let i = 0; i < 20; i++) await checkIn(t.db, person(stranger), shown, 'wrong', context, during);
    expect(await checkIn(t.db, person(stranger), shown, code, context, during)).toMatchObject({
      ok: false,
      error: 'event.checkin.rate_limited',
    });
    // Another person from the same address is not held by the stranger's tries.
    expect(await checkIn(t.db, person(a), shown, code, context, during)).toEqual({ ok: true, already: false });
  });
});
