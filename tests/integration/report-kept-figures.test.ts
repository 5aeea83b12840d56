/**
 * The programme report's face-to-face and competency figures kept on write (migration 0028,
 * decision 050), against hand-computed figures after each kind of write: a mark of present, a
 * change to absent, a session moved to another month or cancelled, a course's field changed, a
 * region changed, a trainee deleted; a quiz passed, a competency set by hand (and overridden
 * again), and after each step the same figures counted again from the rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { eventSignups, events, users } from '#db/schema.ts';
import { createId } from '#db/ids.ts';
import { cancelEvent } from '#lib/events/events.server.ts';
import { markAttendance } from '#lib/events/signups.server.ts';
import { setCompetencyByHand } from '#lib/competencies/evidence.server.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { programmeAttendance } from '#lib/reports/programme-attendance.server.ts';
import { programmeCompetencyReport } from '#lib/reports/programme-competencies.server.ts';
import { perfectAnswers } from '../fixtures/quiz.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse } from './learning-course.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

async function trainee(region: string | null) {
  const user = await makeUser(t.db);
  await t.db.update(users).set({ region }).where(eq(users.id, user.id));
  return user.id;
}
const setRegion = (id: string, region: string | null) => t.db.update(users).set({ region }).where(eq(users.id, id));

describe('people trained face to face, kept on write', () => {
  async function session(startsAt: string, course: string | null) {
    const id = createId();
    const start = new Date(startsAt);
    await t.db.insert(events).values({
      id,
      kind: 'seminar',
      title: { en: 'Seminar' },
      description: {},
      startsAt: start,
      endsAt: new Date(start.getTime() + 3600_000),
      capacity: 10,
      audience: 'everyone',
      course,
      createdAt: start,
    });
    return id;
  }
  async function signUp(eventId: string, userId: string) {
    const at = new Date('2026-01-01T00:00:00Z');
    await t.db
      .insert(eventSignups)
      .values({ eventId, userId, status: 'signed_up', position: 1, signedUpAt: at, updatedAt: at });
  }
  const fields: Record<string, string> = { 'kept-urban': 'urbanism', 'kept-social': 'social-entrepreneurship' };
  const report = (period: { from?: string; to?: string } = {}) =>
    programmeAttendance(t.db, { ...period, courseFields: fields });

  /** The same figures counted from the marks, as the report did before decision 050. */
  async function recount(period: { from?: string; to?: string } = {}) {
    const from = period.from ? sql` AND month >= ${period.from}` : sql``;
    const to = period.to ? sql` AND month <= ${period.to}` : sql``;
    const marks = sql`WITH m AS (SELECT * FROM (
        SELECT s.user_id AS user_id, e.id AS event_id,
          coalesce((SELECT f.field FROM report_course_fields f WHERE f.course = e.course), '') AS field,
          nullif(u.region, '') AS region, strftime('%Y-%m', (e.starts_at + 18000000) / 1000, 'unixepoch') AS month
        FROM events e JOIN event_signups s ON s.event_id = e.id JOIN users u ON u.id = s.user_id
        WHERE e.cancelled_at IS NULL AND s.status = 'signed_up' AND s.attendance = 'present') WHERE 1 = 1${from}${to})`;
    const rows = await t.db.all(sql`${marks} SELECT field, region, month, count(DISTINCT user_id) AS people,
      count(DISTINCT event_id) AS sessions FROM m GROUP BY field, region, month ORDER BY month, field, region`);
    const [total] = await t.db.all<{ people: number }>(sql`${marks} SELECT count(DISTINCT user_id) AS people FROM m`);
    return { rows, people: total!.people };
  }
  async function expectKept(expected: Awaited<ReturnType<typeof report>>, period = {}) {
    const kept = await report(period);
    expect(kept).toEqual(expected);
    expect(kept).toEqual(await recount(period));
  }

  it('follows marks, sessions, fields, regions and deletions', async () => {
    const [a, b, c] = [await trainee('Almaty'), await trainee('Almaty'), await trainee(null)];
    // 2026-03-31 20:00 UTC is already 1 April in Almaty.
    const march = await session('2026-03-10T05:00:00Z', 'kept-urban');
    const april = await session('2026-03-31T20:00:00Z', 'kept-urban');
    const may = await session('2026-05-05T05:00:00Z', 'kept-social');
    const forum = await session('2026-05-06T05:00:00Z', null);
    for (const [event, who] of [
      [march, [a, b, c]],
      [april, [a, b]],
      [may, [a, c]],
      [forum, [c]],
    ] as const)
      for (const id of who) await signUp(event, id);
    await expectKept({ rows: [], people: 0 });

    await markAttendance(t.db, { id: march }, [
      { userId: a, mark: 'present' },
      { userId: b, mark: 'present' },
      { userId: c, mark: 'absent' },
    ]);
    await markAttendance(t.db, { id: april }, [{ userId: a, mark: 'present' }]);
    await markAttendance(t.db, { id: may }, [
      { userId: a, mark: 'present' },
      { userId: c, mark: 'present' },
    ]);
    await markAttendance(t.db, { id: forum }, [{ userId: c, mark: 'present' }]);
    const mayRows = [
      { field: '', region: null, month: '2026-05', people: 1, sessions: 1 },
      { field: 'social-entrepreneurship', region: null, month: '2026-05', people: 1, sessions: 1 },
      { field: 'social-entrepreneurship', region: 'Almaty', month: '2026-05', people: 1, sessions: 1 },
    ];
    await expectKept({
      rows: [
        { field: 'urbanism', region: 'Almaty', month: '2026-03', people: 2, sessions: 1 },
        { field: 'urbanism', region: 'Almaty', month: '2026-04', people: 1, sessions: 1 },
        ...mayRows,
      ],
      people: 3,
    });
    // a is in March, April and May: once in a period of two of them.
    await expectKept(
      {
        rows: [{ field: 'urbanism', region: 'Almaty', month: '2026-04', people: 1, sessions: 1 }, ...mayRows],
        people: 2,
      },
      { from: '2026-04', to: '2026-05' },
    );

    // Present changed to absent: April had only a.
    await markAttendance(t.db, { id: april }, [{ userId: a, mark: 'absent' }]);
    await expectKept(
      { rows: [{ field: 'urbanism', region: 'Almaty', month: '2026-03', people: 2, sessions: 1 }], people: 2 },
      { to: '2026-04' },
    );
    await expectKept({ rows: mayRows, people: 2 }, { from: '2026-04' });

    // The March session moves to April (Almaty time); the May session is cancelled.
    await t.db
      .update(events)
      .set({ startsAt: new Date('2026-04-02T05:00:00Z'), endsAt: new Date('2026-04-02T06:00:00Z') })
      .where(eq(events.id, march));
    await cancelEvent(t.db, may);
    await expectKept({
      rows: [
        { field: 'urbanism', region: 'Almaty', month: '2026-04', people: 2, sessions: 1 },
        { field: '', region: null, month: '2026-05', people: 1, sessions: 1 },
      ],
      people: 3,
    });

    // The course changes field; b moves to Turkistan; c gives no region any more ('' and none are one).
    fields['kept-urban'] = 'creative-industries';
    await setRegion(b, 'Turkistan');
    await setRegion(c, '');
    await expectKept({
      rows: [
        { field: 'creative-industries', region: 'Almaty', month: '2026-04', people: 1, sessions: 1 },
        { field: 'creative-industries', region: 'Turkistan', month: '2026-04', people: 1, sessions: 1 },
        { field: '', region: null, month: '2026-05', people: 1, sessions: 1 },
      ],
      people: 3,
    });

    fields['kept-urban'] = 'urbanism';
    // Back to the usual field; a is deleted (cascading to the sign-ups), the forum is deleted.
    await t.db.delete(users).where(eq(users.id, a));
    await t.db.delete(events).where(eq(events.id, forum));
    await expectKept({
      rows: [{ field: 'urbanism', region: 'Turkistan', month: '2026-04', people: 1, sessions: 1 }],
      people: 1,
    });
    const [left] = await t.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM report_kept_groups WHERE section = 'attendance' AND (items < 0 OR people < 0)`,
    );
    expect(left!.n).toBe(0);
  });
});

describe('competencies demonstrated, kept on write', () => {
  function course(slug: string, field: string, tags: Record<string, string>) {
    const c = structuredClone(learningCourse(slug));
    c.data.field = field;
    for (const q of c.quizzes['toc-quiz']!.questions) if (tags[q.id]) q.competencies = [tags[q.id]!];
    return c;
  }
  const urban = course('urban-kept', 'urbanism', { capital: 'civic', sdg: 'civic', term: 'maps' });
  const competencies = [{ id: 'city' }, { id: 'civic', parent: 'city' }, { id: 'maps', parent: 'city' }];
  let n = 0;
  async function attempt(userId: string, answers: object, at: string) {
    const done = await submitAttempt(t.db, {
      userId,
      course: urban.slug,
      quizId: 'toc-quiz',
      quiz: urban.quizzes['toc-quiz']!,
      answers,
      locale: 'en',
      idempotencyKey: `report-kept-${++n}-0000`,
      now: new Date(at),
    });
    expect(done).toMatchObject({ ok: true });
  }
  const report = (period: { from?: string; to?: string } = {}, courses = [urban]) =>
    programmeCompetencyReport(t.db, { ...period, courses, competencies });

  it('follows attempts, settings by hand, regions, deletions and a course change', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const by = (userId: string, competency: string, state: 'demonstrated' | 'developing', at: string) =>
      setCompetencyByHand(
        t.db,
        { id: trainer.id, email: trainer.email, ip: '127.0.0.1' },
        { userId, competency, state, comment: 'Seen at the seminar' },
        new Date(at),
      );
    const [u1, u2] = [await trainee('Almaty'), await trainee(null)];
    await attempt(u1, perfectAnswers, '2026-10-31T20:00:00Z'); // 1 Nov in Almaty: civic, maps
    await attempt(u2, { ...perfectAnswers, term: 'impact' }, '2026-11-10T09:00:00Z'); // civic
    expect(await report()).toEqual({
      rows: [
        { field: 'urbanism', region: null, month: '2026-11', demonstrated: 1, trainees: 1 },
        { field: 'urbanism', region: 'Almaty', month: '2026-11', demonstrated: 2, trainees: 1 },
      ],
      totals: { demonstrated: 3, trainees: 2 },
    });

    // A trainer overrides u1's civic to developing, and sets u2's maps demonstrated in December.
    await by(u1, 'civic', 'developing', '2026-12-01T09:00:00Z');
    await by(u2, 'maps', 'demonstrated', '2026-12-02T09:00:00Z');
    expect(await report()).toEqual({
      rows: [
        { field: 'urbanism', region: null, month: '2026-11', demonstrated: 1, trainees: 1 },
        { field: 'urbanism', region: null, month: '2026-12', demonstrated: 1, trainees: 1 },
        { field: 'urbanism', region: 'Almaty', month: '2026-11', demonstrated: 1, trainees: 1 },
      ],
      totals: { demonstrated: 3, trainees: 2 },
    });
    // u2 is in November and December: once in the two months, once in each.
    expect((await report({ from: '2026-12' })).totals).toEqual({ demonstrated: 1, trainees: 1 });
    expect((await report({ to: '2026-11' })).totals).toEqual({ demonstrated: 2, trainees: 2 });

    // The latest setting wins: u1's civic demonstrated again (by hand, in December); u1 moves region.
    await by(u1, 'civic', 'demonstrated', '2026-12-03T09:00:00Z');
    await setRegion(u1, 'Turkistan');
    expect(await report()).toEqual({
      rows: [
        { field: 'urbanism', region: null, month: '2026-11', demonstrated: 1, trainees: 1 },
        { field: 'urbanism', region: null, month: '2026-12', demonstrated: 1, trainees: 1 },
        { field: 'urbanism', region: 'Turkistan', month: '2026-11', demonstrated: 1, trainees: 1 },
        { field: 'urbanism', region: 'Turkistan', month: '2026-12', demonstrated: 1, trainees: 1 },
      ],
      totals: { demonstrated: 4, trainees: 2 },
    });

    // The course moves to another field: everyone is worked out again.
    const renamed = { ...urban, data: { ...urban.data, field: 'creative-industries' } };
    expect((await report({}, [renamed])).rows.map((r) => r.field)).toEqual(Array(4).fill('creative-industries'));

    // u1 is deleted: their demonstrations go with them.
    await t.db.delete(users).where(eq(users.id, u1));
    expect(await report()).toEqual({
      rows: [
        { field: 'urbanism', region: null, month: '2026-11', demonstrated: 1, trainees: 1 },
        { field: 'urbanism', region: null, month: '2026-12', demonstrated: 1, trainees: 1 },
      ],
      totals: { demonstrated: 2, trainees: 1 },
    });
    const [pending] = await t.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM report_competency_pending`);
    expect(pending!.n).toBe(0);
  });
});
