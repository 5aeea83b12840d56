/**
 * Sessions against a real migrated database and a real SMTP server on loopback: a weekly series
 * is scheduled; sign-ups fill the places and then the waiting list; a cancellation promotes the
 * first in line (who is e-mailed, with an `.ics` invitation that ical.js reads back); attendance
 * completes a course whose rule asks for one session and issues its certificate; a cancelled
 * session takes no one and tells everyone.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCertificates } from '#lib/certificates/certificates.server.ts';
import { createMailer } from '#lib/mail/mailer.server.ts';
import { parseEventForm } from '#lib/events/event-input.ts';
import { createEvents, findEvent, listEventsFor } from '#lib/events/events.server.ts';
import { runTraineeEventAction, runTrainerEventAction, type EventsContext } from '#lib/events/actions.server.ts';
import { cancelSignup, listSignups, signUp } from '#lib/events/signups.server.ts';
import { finishLesson } from '#lib/learning/learning.server.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { feedCalendar, resetFeedToken } from '#lib/events/calendar-feed.server.ts';
import { sendReminders } from '#lib/events/reminders.server.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse, testSite, useTemporarySigningKeys } from './learning-course.ts';

let t: TestDatabase;
let smtp: TestSmtp;
let context: EventsContext;
const pending: Promise<void>[] = [];
const course = learningCourse('blended', {
  withQuiz: false,
  completion: { lessons: ['first'], quizzes: 'all', sessions: { attend: 1 } },
});
beforeAll(async () => {
  useTemporarySigningKeys();
  t = await createTestDatabase();
  smtp = await startTestSmtp();
  context = {
    mail: { baseUrl: 'https://oqu.test', siteName: () => 'Oqu', chain: () => ['en', 'ru', 'kk'] },
    learning: { site: testSite },
    findCourse: async (slug) => (slug === course.slug ? course : undefined),
    mailer: createMailer({ smtpUrl: smtp.url, from: 'Oqu <no-reply@oqu.test>' }),
    sent: (done) => pending.push(done),
  };
});
afterAll(async () => {
  await smtp?.close();
  await t?.cleanup();
});

const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
function seminar(fields: Record<string, string> = {}) {
  const parsed = parseEventForm({
    kind: 'seminar',
    title_en: 'Street audit seminar',
    title_ru: 'Семинар по аудиту улиц',
    place: 'Abay Ave 10, Almaty',
    date: tomorrow,
    startTime: '10:00',
    endTime: '12:00',
    capacity: '2',
    audience: 'course',
    course: 'blended',
    ...fields,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.input;
}
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe('the session form', () => {
  it('reads Almaty wall-clock time as instants and spells out a weekly series', async () => {
    const input = seminar({ date: '2026-12-10', startTime: '14:30', endTime: '16:00', repeatWeeks: '3' });
    expect(input.startsAt.toISOString()).toBe('2026-12-10T09:30:00.000Z');
    const trainer = await makeUser(t.db, 'trainer');
    const rows = await createEvents(t.db, trainer.id, input);
    expect(rows.map((r) => r.startsAt.toISOString())).toEqual([
      '2026-12-10T09:30:00.000Z',
      '2026-12-17T09:30:00.000Z',
      '2026-12-24T09:30:00.000Z',
    ]);
    expect(new Set(rows.map((r) => r.seriesId)).size).toBe(1);
  });
  it('refuses an end before the start and a session without a place or link', () => {
    const bad = parseEventForm({
      kind: 'seminar',
      title_en: 'x',
      date: tomorrow,
      startTime: '12:00',
      endTime: '11:00',
      capacity: '5',
      audience: 'everyone',
    });
    expect(bad).toMatchObject({
      ok: false,
      fields: { endTime: 'event.error.ends_before_start', place: 'event.error.where' },
    });
  });
});

describe('sign-up, waiting list and attendance', () => {
  it('fills the places, then the waiting list; a cancellation moves the first up and e-mails them', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const [event] = await createEvents(t.db, trainer.id, seminar());
    const [a, b, c, stranger] = [
      await makeUser(t.db),
      await makeUser(t.db),
      await makeUser(t.db),
      await makeUser(t.db),
    ];
    for (const u of [a!, b!, c!]) await enrol(t.db, u.id, 'blended');
    for (const learner of [a!, c!]) await finishLesson(t.db, { learner, course, lesson: 'first' }, context.learning);
    const act = (userId: string, intent: string) =>
      runTraineeEventAction(t.db, userId, event!, form({ intent }), context);

    expect(await act(a!.id, 'signup')).toMatchObject({ ok: true, message: 'events.notice.signed_up' });
    expect(await act(b!.id, 'signup')).toMatchObject({ ok: true, message: 'events.notice.signed_up' });
    expect(await act(c!.id, 'signup')).toMatchObject({ ok: true, message: 'events.notice.waiting' });
    expect(await act(stranger!.id, 'signup')).toMatchObject({ ok: false, error: 'event.error.not_open' });
    // Pressing again changes nothing.
    expect(await signUp(t.db, event!.id, a!.id)).toEqual({ ok: true, status: 'signed_up', already: true });
    expect((await listEventsFor(t.db, c!.id, { from: new Date() }))[0]).toMatchObject({ mine: 'waiting', signedUp: 2 });

    await act(b!.id, 'cancel');
    await Promise.all(pending);
    const people = await listSignups(t.db, event!.id);
    expect(people.map((p) => [p.userId, p.status])).toEqual([
      [a!.id, 'signed_up'],
      [c!.id, 'signed_up'],
      [b!.id, 'cancelled'],
    ]);
    const promoted = smtp.messages.find((m) => m.to.includes(c!.email) && /A place freed up/.test(m.subject));
    expect(promoted?.text).toContain('Abay Ave 10, Almaty');
    const waiting = smtp.messages.find((m) => m.to.includes(c!.email) && /Waiting list/.test(m.subject));
    expect(waiting?.text).not.toContain('Abay Ave');

    // The invitation reads back with a kept parser: one event, the same instants and title.
    const ics = /BEGIN:VCALENDAR[\s\S]*END:VCALENDAR/.exec(
      Buffer.from(
        /Content-Type: text\/calendar[\s\S]*?\r?\n\r?\n([\s\S]*?)\r?\n--/.exec(promoted!.raw)![1]!,
        'base64',
      ).toString('utf8'),
    )![0];
    const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    const parsed = new ICAL.Event(vevent);
    expect(parsed.summary).toBe('Street audit seminar');
    expect(parsed.startDate.toJSDate().getTime()).toBe(event!.startsAt.getTime());
    expect(parsed.endDate.toJSDate().getTime()).toBe(event!.endsAt.getTime());
    expect(parsed.location).toBe('Abay Ave 10, Almaty');

    // Attendance completes the course that asks for one session, with its certificate.
    expect(await listCertificates(t.db, c!.id)).toHaveLength(0);
    const actor = { id: trainer.id, email: trainer.email };
    const marks = form({ intent: 'attendance', [`mark:${a!.id}`]: 'absent', [`mark:${c!.id}`]: 'present' });
    const during = new Date(event!.startsAt.getTime() + 30 * 60_000);
    expect(await runTrainerEventAction(t.db, actor, event!, marks, context, during)).toMatchObject({
      ok: true,
      message: 'event.attendance.saved',
    });
    expect(await listCertificates(t.db, c!.id)).toHaveLength(1);
    expect(await listCertificates(t.db, a!.id)).toHaveLength(0);
  });

  it('promotes in sign-up order and never past the capacity', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const [event] = await createEvents(t.db, trainer.id, seminar({ audience: 'everyone', capacity: '1' }));
    const users = [];
    for (let i = 0; i < 4; i++) users.push(await makeUser(t.db));
    for (const u of users) await signUp(t.db, event!.id, u.id);
    expect(await cancelSignup(t.db, event!.id, users[2]!.id)).toEqual({ cancelled: true, promoted: [] });
    expect(await cancelSignup(t.db, event!.id, users[0]!.id)).toEqual({ cancelled: true, promoted: [users[1]!.id] });
    expect(await cancelSignup(t.db, event!.id, users[1]!.id)).toEqual({ cancelled: true, promoted: [users[3]!.id] });
    expect(await cancelSignup(t.db, event!.id, users[1]!.id)).toEqual({ cancelled: false, promoted: [] });
  });

  it('a cancelled session stays listed, takes no one and tells everyone on it', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const [event] = await createEvents(t.db, trainer.id, seminar({ audience: 'everyone' }));
    const person = await makeUser(t.db);
    await signUp(t.db, event!.id, person.id);
    const outcome = await runTrainerEventAction(
      t.db,
      { id: trainer.id, email: trainer.email },
      event!,
      form({ intent: 'cancel' }),
      context,
    );
    expect(outcome).toMatchObject({ ok: true, message: 'event.cancelled_now' });
    await Promise.all(pending);
    expect(smtp.messages.some((m) => m.to.includes(person.email) && /^Cancelled:/.test(m.subject))).toBe(true);
    const late = await makeUser(t.db);
    expect(await signUp(t.db, event!.id, late.id)).toEqual({ ok: false, error: 'event.error.cancelled' });
    expect((await findEvent(t.db, event!.id))?.cancelledAt).not.toBeNull();
    expect((await listEventsFor(t.db, late.id, { from: new Date() })).some((e) => e.id === event!.id)).toBe(true);
  });
});

describe('attendance only for a session that has begun and is not cancelled', () => {
  const marked = async (eventId: string) => (await listSignups(t.db, eventId)).filter((p) => p.attendance !== null);
  it('refuses the list before the start (no mark, no certificate), takes it from the start on', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const [event] = await createEvents(t.db, trainer.id, seminar());
    const learner = await makeUser(t.db);
    await enrol(t.db, learner.id, 'blended');
    await finishLesson(t.db, { learner, course, lesson: 'first' }, context.learning);
    await signUp(t.db, event!.id, learner.id);
    const actor = { id: trainer.id, email: trainer.email };
    const marks = form({ intent: 'attendance', [`mark:${learner.id}`]: 'present' });
    const dayBefore = new Date(event!.startsAt.getTime() - 24 * 3600_000);
    expect(await runTrainerEventAction(t.db, actor, event!, marks, context, dayBefore)).toEqual({
      ok: false,
      error: 'event.attendance.not_started',
    });
    expect(await marked(event!.id)).toEqual([]);
    expect(await listCertificates(t.db, learner.id)).toHaveLength(0);
    expect(await runTrainerEventAction(t.db, actor, event!, marks, context, event!.startsAt)).toMatchObject({
      ok: true,
      message: 'event.attendance.saved',
    });
    expect(await listCertificates(t.db, learner.id)).toHaveLength(1);
  });

  it('refuses the list of a cancelled session, even after its time', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const [event] = await createEvents(t.db, trainer.id, seminar());
    const learner = await makeUser(t.db);
    await enrol(t.db, learner.id, 'blended');
    await finishLesson(t.db, { learner, course, lesson: 'first' }, context.learning);
    await signUp(t.db, event!.id, learner.id);
    const actor = { id: trainer.id, email: trainer.email };
    await runTrainerEventAction(t.db, actor, event!, form({ intent: 'cancel' }), context);
    const cancelled = (await findEvent(t.db, event!.id))!;
    const afterwards = new Date(event!.endsAt.getTime() + 3600_000);
    const marks = form({ intent: 'attendance', [`mark:${learner.id}`]: 'present' });
    expect(await runTrainerEventAction(t.db, actor, cancelled, marks, context, afterwards)).toEqual({
      ok: false,
      error: 'event.attendance.cancelled',
    });
    expect(await marked(event!.id)).toEqual([]);
    expect(await listCertificates(t.db, learner.id)).toHaveLength(0);
  });
});

/** The `.ics` invitation attached to an e-mail, read back by ical.js. */
function invitation(raw: string) {
  const ics = /BEGIN:VCALENDAR[\s\S]*END:VCALENDAR/.exec(
    Buffer.from(/Content-Type: text\/calendar[\s\S]*?\r?\n\r?\n([\s\S]*?)\r?\n--/.exec(raw)![1]!, 'base64').toString(
      'utf8',
    ),
  )![0];
  const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
  return { event: new ICAL.Event(vevent), sequence: Number(vevent.getFirstPropertyValue('sequence')) };
}

describe('changing a session', () => {
  const editForm = (fields: Record<string, string>) =>
    form({
      intent: 'edit',
      kind: 'seminar',
      title_en: 'Street audit seminar',
      place: 'Abay Ave 10, Almaty',
      date: tomorrow,
      startTime: '10:00',
      endTime: '12:00',
      capacity: '2',
      ...fields,
    });
  const mailsTo = (email: string, subject: RegExp) =>
    smtp.messages.filter((m) => m.to.includes(email) && subject.test(m.subject));

  it('e-mails an invitation with a higher SEQUENCE and the new times at each change', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const [event] = await createEvents(t.db, trainer.id, seminar({ title_en: 'Moved seminar' }));
    const person = await makeUser(t.db);
    await enrol(t.db, person.id, 'blended');
    await runTraineeEventAction(t.db, person.id, event!, form({ intent: 'signup' }), context);
    await Promise.all(pending);
    const signedUp = invitation(mailsTo(person.email, /^You are signed up/)[0]!.raw);
    const actor = { id: trainer.id, email: trainer.email };
    const moved = editForm({ title_en: 'Moved seminar', date: '2030-03-05', startTime: '15:00', endTime: '17:30' });
    expect(await runTrainerEventAction(t.db, actor, event!, moved, context)).toMatchObject({ ok: true });
    await Promise.all(pending);
    const [changed] = mailsTo(person.email, /^Changed: Moved seminar/);
    const first = invitation(changed!.raw);
    expect(first.sequence).toBeGreaterThan(signedUp.sequence);
    expect(first.event.startDate.toJSDate().toISOString()).toBe('2030-03-05T10:00:00.000Z');
    expect(first.event.endDate.toJSDate().toISOString()).toBe('2030-03-05T12:30:00.000Z');

    const retitled = editForm({
      title_en: 'Moved seminar, room 2',
      date: '2030-03-05',
      startTime: '15:00',
      endTime: '17:30',
    });
    await runTrainerEventAction(t.db, actor, (await findEvent(t.db, event!.id))!, retitled, context);
    await Promise.all(pending);
    const second = invitation(mailsTo(person.email, /^Changed: Moved seminar, room 2/)[0]!.raw);
    expect(second.sequence).toBeGreaterThan(first.sequence);
  });

  it('reminds again when the start moves, not when only the text changes', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const at = { date: '2030-05-10', startTime: '10:00', endTime: '12:00' };
    const [event] = await createEvents(t.db, trainer.id, seminar({ audience: 'everyone', ...at }));
    const person = await makeUser(t.db);
    await signUp(t.db, event!.id, person.id);
    const mailer = context.mailer!;
    const remind = (iso: string) => sendReminders(t.db, context.mail, mailer, new Date(iso));
    expect(await remind('2030-05-09T06:00:00Z')).toEqual({ sessions: 1, emails: 1 });
    const actor = { id: trainer.id, email: trainer.email };
    const edit = async (fields: Record<string, string>) =>
      runTrainerEventAction(t.db, actor, (await findEvent(t.db, event!.id))!, editForm(fields), context);
    await edit({ title_en: 'Same time', capacity: '5', ...at });
    expect((await findEvent(t.db, event!.id))!.remindedAt).not.toBeNull();
    expect(await remind('2030-05-09T07:00:00Z')).toEqual({ sessions: 0, emails: 0 });

    await edit({ title_en: 'Two days later', capacity: '5', ...at, date: '2030-05-12' });
    await Promise.all(pending);
    expect((await findEvent(t.db, event!.id))!.remindedAt).toBeNull();
    expect(await remind('2030-05-09T08:00:00Z')).toEqual({ sessions: 0, emails: 0 });
    expect(await remind('2030-05-11T06:00:00Z')).toEqual({ sessions: 1, emails: 1 });
    expect(mailsTo(person.email, /^Tomorrow:/)).toHaveLength(2);
    expect(mailsTo(person.email, /^Tomorrow: Two days later/)).toHaveLength(1);
  });
});

describe('the calendar feed and the reminders', () => {
  it('lists the sessions a person signed up for; a reset token ends the old address', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const [mine, other] = await createEvents(t.db, trainer.id, seminar({ audience: 'everyone', repeatWeeks: '2' }));
    const person = await makeUser(t.db);
    await signUp(t.db, mine!.id, person.id);
    const token = await resetFeedToken(t.db, person.id);
    const ics = (await feedCalendar(t.db, token, context.mail))!;
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const uids = calendar.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('uid')));
    expect(uids).toEqual([`${mine!.id}@oqu.test`]);
    expect(uids).not.toContain(`${other!.id}@oqu.test`);
    const fresh = await resetFeedToken(t.db, person.id);
    expect(await feedCalendar(t.db, token, context.mail)).toBeUndefined();
    expect(await feedCalendar(t.db, fresh, context.mail)).toContain('BEGIN:VCALENDAR');
    expect(await feedCalendar(t.db, 'not a token', context.mail)).toBeUndefined();
  });

  it('reminds the day before, once, and only those signed up', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const soon = new Date(Date.now() + 20 * 3600_000);
    const input = {
      ...seminar({ audience: 'everyone', capacity: '1' }),
      startsAt: soon,
      endsAt: new Date(+soon + 3600_000),
    };
    const [event] = await createEvents(t.db, trainer.id, input);
    const [going, waiting] = [await makeUser(t.db), await makeUser(t.db)];
    await signUp(t.db, event!.id, going.id);
    await signUp(t.db, event!.id, waiting.id);
    const mailer = context.mailer!;
    const first = await sendReminders(t.db, context.mail, mailer);
    expect(first.sessions).toBeGreaterThanOrEqual(1);
    expect(smtp.messages.filter((m) => m.to.includes(going.email) && /^Tomorrow:/.test(m.subject))).toHaveLength(1);
    expect(smtp.messages.some((m) => m.to.includes(waiting.email) && /^Tomorrow:/.test(m.subject))).toBe(false);
    expect(await sendReminders(t.db, context.mail, mailer)).toEqual({ sessions: 0, emails: 0 });
  });
});
