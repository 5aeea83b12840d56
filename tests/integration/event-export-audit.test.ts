/**
 * A session's staff actions against a real migrated database, through the action functions the
 * trainer's pages call: schedule, change, attendance, the sign-ups CSV and cancel each leave
 * their row in the audit log (who, what, which session, the counts); the CSV (read back with
 * csv-parse) lists everyone who signed up, waits or cancelled, with their state and attendance.
 */
import { parse } from 'csv-parse/sync';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '#db/schema.ts';
import { runTrainerEventAction, scheduleEvents, type EventsContext } from '#lib/events/actions.server.ts';
import { exportSignups } from '#lib/events/export.server.ts';
import { cancelSignup, signUp } from '#lib/events/signups.server.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse, testSite } from './learning-course.ts';

let t: TestDatabase;
const course = learningCourse('audited', { withQuiz: false });
const context: EventsContext = {
  mail: { baseUrl: 'https://oqu.test', siteName: () => 'Oqu', chain: () => ['en', 'ru', 'kk'] },
  learning: { site: testSite },
  findCourse: async (slug) => (slug === course.slug ? course : undefined),
};
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const formOf = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const seminar = {
  kind: 'seminar',
  title_en: 'Audited seminar',
  place: 'Abay Ave 10, Almaty',
  date: '2030-03-12',
  startTime: '10:00',
  endTime: '12:00',
  capacity: '2',
  audience: 'course',
  course: 'audited',
};
const duringSession = new Date('2030-03-12T05:30:00Z');

describe("a session's audit trail and sign-ups CSV", () => {
  it('records create, edit, attendance, export and cancel, and exports who, state and attendance', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const actor = { id: trainer.id, email: trainer.email, ip: '203.0.113.9' };
    const scheduled = await scheduleEvents(t.db, { ...actor, role: 'trainer' }, formOf(seminar), {
      courses: ['audited'],
      cohorts: [],
    });
    if (!scheduled.ok) throw new Error(JSON.stringify(scheduled));
    const event = scheduled.created![0]!;

    const edited = await runTrainerEventAction(
      t.db,
      actor,
      event,
      formOf({ ...seminar, intent: 'edit', title_en: 'Audited seminar (room 2)' }),
      context,
    );
    expect(edited).toMatchObject({ ok: true, message: 'event.saved' });

    const [ann, bob, cat, dan] = [
      await makeUser(t.db),
      await makeUser(t.db),
      await makeUser(t.db),
      await makeUser(t.db),
    ];
    for (const u of [ann, bob, cat, dan]) await enrol(t.db, u!.id, 'audited');
    for (const u of [ann, bob, cat, dan]) expect((await signUp(t.db, event.id, u!.id)).ok).toBe(true);
    // Dan, waiting, gives up his place in the queue.
    await cancelSignup(t.db, event.id, dan!.id);

    const marks = formOf({ intent: 'attendance', [`mark:${ann!.id}`]: 'present', [`mark:${bob!.id}`]: 'absent' });
    expect(await runTrainerEventAction(t.db, actor, event, marks, context, duringSession)).toMatchObject({
      ok: true,
      message: 'event.attendance.saved',
    });

    const csv = await exportSignups(t.db, actor, event, 'en');
    expect(csv.filename).toBe(`session-${event.id}-signups.csv`);
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
    expect(rows[0]).toEqual(['No.', 'Full name', 'Email', 'Status', 'Signed up (Almaty, UTC+5)', 'Attendance']);
    const byEmail = new Map(rows.slice(1).map((r) => [r[2], r]));
    expect(rows).toHaveLength(5);
    expect(byEmail.get(ann!.email)).toEqual([
      '1',
      ann!.displayName,
      ann!.email,
      'Signed up',
      expect.any(String),
      'Present',
    ]);
    expect(byEmail.get(bob!.email)).toMatchObject({ 3: 'Signed up', 5: 'Absent' });
    expect(byEmail.get(cat!.email)).toMatchObject({ 3: 'Waiting list', 5: '' });
    expect(byEmail.get(dan!.email)).toMatchObject({ 3: 'Cancelled', 5: '' });
    expect(byEmail.get(ann!.email)![4]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);

    expect(await runTrainerEventAction(t.db, actor, event, formOf({ intent: 'cancel' }), context)).toMatchObject({
      ok: true,
      message: 'event.cancelled_now',
    });

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.target, event.id)).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual([
      'event.create',
      'event.edit',
      'event.attendance',
      'event.export',
      'event.cancel',
    ]);
    for (const a of audit) expect(a).toMatchObject({ actorId: trainer.id, actorEmail: trainer.email });
    expect(audit.map((a) => a.details)).toEqual([
      { count: 1, course: 'audited' },
      { notified: 0, promoted: 0 },
      { present: 1, absent: 1, excused: 0 },
      { rows: 4 },
      { notified: 3 },
    ]);
  });
});
