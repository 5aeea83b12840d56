/**
 * Sessions over several days (a two-day study visit) against a real migrated database and a real
 * SMTP server on loopback: the form's last day gives the end on that day, compared with the start
 * as instants (an end before the start, or past 31 days, is refused); the change form gives the
 * last day back; the sign-up e-mail writes both dates and its `.ics` (read back by ical.js) spans
 * both days; the month view places the visit on each of its days, also across a month's end.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '#lib/mail/mailer.server.ts';
import { runTraineeEventAction, scheduleEvents, type EventsContext } from '#lib/events/actions.server.ts';
import { editValues, parseEventForm } from '#lib/events/event-input.ts';
import { listEventsFor } from '#lib/events/events.server.ts';
import { monthGrid, sessionsByDay } from '#lib/events/month.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse, testSite } from './learning-course.ts';

let t: TestDatabase;
let smtp: TestSmtp;
let context: EventsContext;
const pending: Promise<void>[] = [];
const course = learningCourse('visits', { withQuiz: false });
beforeAll(async () => {
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

const visit: Record<string, string> = {
  kind: 'study_visit',
  title_en: 'Study visit to Shymkent',
  place: 'Al-Farabi Sq 1, Shymkent',
  date: '2030-11-30',
  endDate: '2030-12-01',
  startTime: '09:00',
  endTime: '18:00',
  capacity: '10',
  audience: 'everyone',
};
const formOf = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe('a session over several days', () => {
  it('ends on its last day; an end before the start or past 31 days is refused', () => {
    const parsed = parseEventForm(visit);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    expect(parsed.input.startsAt.toISOString()).toBe('2030-11-30T04:00:00.000Z');
    expect(parsed.input.endsAt.toISOString()).toBe('2030-12-01T13:00:00.000Z');
    // 18:00 on the first day to 09:00 on the next: the end time is earlier, the end instant later.
    const overnight = parseEventForm({ ...visit, startTime: '18:00', endTime: '09:00' });
    expect(overnight.ok && overnight.input.endsAt.toISOString()).toBe('2030-12-01T04:00:00.000Z');
    expect(parseEventForm({ ...visit, endDate: '2030-11-29' })).toMatchObject({
      ok: false,
      fields: { endDate: 'event.error.ends_before_start' },
    });
    expect(parseEventForm({ ...visit, endDate: '', endTime: '08:00' })).toMatchObject({
      ok: false,
      fields: { endTime: 'event.error.ends_before_start' },
    });
    expect(parseEventForm({ ...visit, endDate: '2030-12-31' })).toMatchObject({
      ok: false,
      fields: { endDate: 'event.error.too_long' },
    });
    expect(parseEventForm({ ...visit, endDate: '2030-12-30' }).ok).toBe(true);
    expect(parseEventForm({ ...visit, endDate: 'tomorrow' })).toMatchObject({
      ok: false,
      fields: { endDate: 'event.error.date' },
    });
  });

  it('is e-mailed with both dates, an invitation over both days, and shown on each day of a month', async () => {
    const admin = await makeUser(t.db, 'admin');
    const scheduled = await scheduleEvents(t.db, { ...admin, role: 'admin' }, formOf(visit), {
      courses: [],
      cohorts: [],
    });
    if (!scheduled.ok) throw new Error(JSON.stringify(scheduled));
    const event = scheduled.created![0]!;
    expect(editValues(event)).toMatchObject({ date: '2030-11-30', endDate: '2030-12-01', endTime: '18:00' });

    const person = await makeUser(t.db);
    await runTraineeEventAction(t.db, person.id, event, formOf({ intent: 'signup' }), context);
    await Promise.all(pending);
    const mail = smtp.messages.find((m) => m.to.includes(person.email) && /^You are signed up/.test(m.subject))!;
    expect(mail.text).toContain('11/30/30, 9:00 AM – 12/1/30, 6:00 PM');
    const ics = /BEGIN:VCALENDAR[\s\S]*END:VCALENDAR/.exec(
      Buffer.from(
        /Content-Type: text\/calendar[\s\S]*?\r?\n\r?\n([\s\S]*?)\r?\n--/.exec(mail.raw)![1]!,
        'base64',
      ).toString('utf8'),
    )![0];
    const invited = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
    expect(invited.startDate.toJSDate().toISOString()).toBe('2030-11-30T04:00:00.000Z');
    expect(invited.endDate.toJSDate().toISOString()).toBe('2030-12-01T13:00:00.000Z');

    // December's view lists the visit that began in November, on 1 December as its second day.
    const december = monthGrid('2030-12');
    const listed = await listEventsFor(t.db, person.id, { from: december.from, to: december.to });
    expect(listed.map((e) => e.id)).toContain(event.id);
    const entry = sessionsByDay(listed)
      .get('2030-12-01')
      ?.find((e) => e.event.id === event.id);
    expect(entry).toMatchObject({ day: 2, days: 2 });
    const november = monthGrid('2030-11');
    const inNovember = sessionsByDay(await listEventsFor(t.db, person.id, { from: november.from, to: november.to }));
    expect(inNovember.get('2030-11-30')?.find((e) => e.event.id === event.id)).toMatchObject({ day: 1, days: 2 });
  });
});
