/**
 * Walk-ins against a real migrated database: someone of the session's audience who did not sign
 * up but came is added by the trainer from the start on, recorded as signed up and present (and
 * their course completes), even when the session is full; twice changes nothing; an unknown
 * address, someone outside the audience, a session not yet started or cancelled are refused;
 * after 20 such misses in 15 minutes a staff account is held (walk-in-miss, decision 061), while
 * walk-ins that find someone do not count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, eventSignups, events, rateLimits } from '#db/schema.ts';
import { listCertificates } from '#lib/certificates/certificates.server.ts';
import { checkinScreen } from '#lib/events/checkin.server.ts';
import { findEvent } from '#lib/events/events.server.ts';
import { listSignups, signUp } from '#lib/events/signups.server.ts';
import { addWalkIn } from '#lib/events/walk-in.server.ts';
import { finishLesson } from '#lib/learning/learning.server.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { attendanceCourse, courseSeminar } from './attendance-course.ts';
import { useTemporarySigningKeys } from './learning-course.ts';

let t: TestDatabase;
const { course, context } = attendanceCourse('walkin');
beforeAll(async () => {
  useTemporarySigningKeys();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

/** A session of the course, 10:00 to 12:00 Almaty time (05:00–07:00 UTC) on 20 November 2026. */
async function seminar(capacity = 5) {
  const { event, trainer } = await courseSeminar(t.db, 'walkin', 'Walk-in seminar', capacity);
  return { event, actor: { id: trainer.id, email: trainer.email, ip: '203.0.113.7' } };
}
const before = new Date('2026-11-19T00:00:00Z');
const during = new Date('2026-11-20T05:30:00Z');
const after = new Date('2026-11-20T09:00:00Z');
const rowOf = (eventId: string, userId: string) =>
  t.db
    .select()
    .from(eventSignups)
    .where(and(eq(eventSignups.eventId, eventId), eq(eventSignups.userId, userId)))
    .get();

describe('a walk-in added by the trainer', () => {
  it('is recorded signed up and present, counts for the course, and twice changes nothing', async () => {
    const { event, actor } = await seminar();
    const walker = await makeUser(t.db);
    await enrol(t.db, walker.id, 'walkin');
    await finishLesson(t.db, { learner: walker, course, lesson: 'first' }, context.learning);
    // Sign-up has closed: the session has started.
    expect(await signUp(t.db, event.id, walker.id, during)).toMatchObject({ ok: false, error: 'event.error.closed' });

    const added = await addWalkIn(t.db, actor, event, walker.email.toUpperCase(), context, after);
    expect(added).toEqual({ ok: true, already: false, name: walker.displayName });
    expect(await rowOf(event.id, walker.id)).toMatchObject({ status: 'signed_up', attendance: 'present' });
    expect(await checkinScreen(t.db, event, after)).toMatchObject({ signedUp: 1, present: 1 });
    expect(await listCertificates(t.db, walker.id)).toHaveLength(1);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.target, event.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'event.attendance', actorId: actor.id, details: { walkIn: walker.id } });

    const markedAt = (await rowOf(event.id, walker.id))!.markedAt;
    expect(await addWalkIn(t.db, actor, event, walker.email, context, new Date(after.getTime() + 60_000))).toEqual({
      ok: true,
      already: true,
      name: walker.displayName,
    });
    expect(await listSignups(t.db, event.id)).toHaveLength(1);
    expect((await rowOf(event.id, walker.id))!.markedAt).toEqual(markedAt);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.target, event.id))).toHaveLength(1);
    expect(await listCertificates(t.db, walker.id)).toHaveLength(1);
  });

  it('marks someone already signed up present, and takes a walk-in when the session is full', async () => {
    const { event, actor } = await seminar(1);
    const [signed, waiting, walker] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    for (const u of [signed, waiting, walker]) await enrol(t.db, u.id, 'walkin');
    for (const u of [signed, waiting]) await signUp(t.db, event.id, u.id, before);
    expect(await rowOf(event.id, waiting.id)).toMatchObject({ status: 'waiting' });

    expect(await addWalkIn(t.db, actor, event, signed.email, context, during)).toMatchObject({ already: false });
    expect(await addWalkIn(t.db, actor, event, walker.email, context, during)).toMatchObject({ already: false });
    expect(await addWalkIn(t.db, actor, event, waiting.email, context, during)).toMatchObject({ already: false });
    for (const u of [signed, walker, waiting])
      expect(await rowOf(event.id, u.id)).toMatchObject({ status: 'signed_up', attendance: 'present' });
    expect(await checkinScreen(t.db, event, during)).toMatchObject({ signedUp: 3, present: 3 });
  });

  it('refuses an unknown address, someone outside the audience, before the start, a cancelled session', async () => {
    const { event, actor } = await seminar();
    const [member, outsider] = [await makeUser(t.db), await makeUser(t.db)];
    await enrol(t.db, member.id, 'walkin');
    expect(await addWalkIn(t.db, actor, event, 'nobody@example.invalid', context, during)).toMatchObject({
      ok: false,
      error: 'event.walkin.unknown',
    });
    expect(await addWalkIn(t.db, actor, event, '', context, during)).toMatchObject({ error: 'event.walkin.unknown' });
    expect(await addWalkIn(t.db, actor, event, outsider.email, context, during)).toMatchObject({
      ok: false,
      error: 'event.walkin.not_audience',
    });
    expect(await addWalkIn(t.db, actor, event, member.email, context, before)).toEqual({
      ok: false,
      error: 'event.attendance.not_started',
    });
    await t.db.update(events).set({ cancelledAt: during }).where(eq(events.id, event.id));
    const cancelled = (await findEvent(t.db, event.id))!;
    expect(await addWalkIn(t.db, actor, cancelled, member.email, context, after)).toEqual({
      ok: false,
      error: 'event.attendance.cancelled',
    });
    expect(await listSignups(t.db, event.id)).toHaveLength(0);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.target, event.id))).toHaveLength(0);
  });

  it('holds a staff account after 20 misses in 15 minutes; walk-ins found do not count', async () => {
    const { event, actor } = await seminar(100);
    const members = [];
    for (let i = 0; i < 25; i++) {
      const u = await makeUser(t.db);
      await enrol(t.db, u.id, 'walkin');
      members.push(u);
    }
    const outsider = await makeUser(t.db);
    const at = (seconds: number) => new Date(during.getTime() + seconds * 1000);
    // 25 people who came: more than the limit, none held.
    for (const [i, u] of members.entries())
      expect(await addWalkIn(t.db, actor, event, u.email, context, at(i))).toMatchObject({ ok: true });
    for (let i = 0; i < 20; i++)
      expect(
        await addWalkIn(t.db, actor, event, i % 2 ? outsider.email : `probe-${i}@example.invalid`, context, at(30 + i)),
      ).toMatchObject({ ok: false, error: i % 2 ? 'event.walkin.not_audience' : 'event.walkin.unknown' });
    const held = await addWalkIn(t.db, actor, event, 'probe-21@example.invalid', context, at(60));
    expect(held).toMatchObject({ ok: false, error: 'event.walkin.rate_limited' });
    // The window opened with the first walk-in (at `during`): 15 minutes later, less the minute gone.
    expect(held.ok === false && held.retryAfterSeconds).toBe(15 * 60 - 60);
    // Held means held: not even the right address tells anything now.
    expect(await addWalkIn(t.db, actor, event, outsider.email, context, at(61))).toMatchObject({
      error: 'event.walkin.rate_limited',
    });
    // Another trainer of the same session is not held; after the window the first one is not either.
    const other = { ...actor, id: (await makeUser(t.db, 'trainer')).id };
    expect(await addWalkIn(t.db, other, event, 'probe-x@example.invalid', context, at(62))).toMatchObject({
      error: 'event.walkin.unknown',
    });
    expect(await addWalkIn(t.db, actor, event, 'probe-y@example.invalid', context, at(15 * 60 + 1))).toMatchObject({
      error: 'event.walkin.unknown',
    });
    const counter = await t.db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `walk-in-miss:${actor.id}`))
      .get();
    expect(counter).toMatchObject({ hits: 1 });
  });
});
