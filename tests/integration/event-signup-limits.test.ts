/**
 * Sign-up and cancellation presses are rate-limited per person and per client address
 * (decision 044): a script that presses 61 times in 15 minutes is held, someone else behind the
 * same address is not.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseEventForm } from '#lib/events/event-input.ts';
import { createEvents } from '#lib/events/events.server.ts';
import { runTraineeEventAction, type EventsContext } from '#lib/events/actions.server.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { testSite } from './learning-course.ts';

let t: TestDatabase;
const context: EventsContext = {
  mail: { baseUrl: 'https://oqu.test', siteName: () => 'Oqu', chain: () => ['en', 'ru', 'kk'] },
  learning: { site: testSite },
  findCourse: async () => undefined,
};
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

it('holds one person after the limit, not another from the same address', async () => {
  const parsed = parseEventForm({
    kind: 'dialogue_forum',
    title_en: 'Forum',
    place: 'Almaty',
    date: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    startTime: '10:00',
    endTime: '12:00',
    capacity: '50',
    audience: 'everyone',
  });
  if (!parsed.ok) throw new Error('form');
  const admin = await makeUser(t.db, 'admin');
  const [event] = await createEvents(t.db, admin.id, parsed.input);
  const [script, neighbour] = [await makeUser(t.db), await makeUser(t.db)];
  const press = (userId: string, intent: string) => {
    const form = new FormData();
    form.set('intent', intent);
    return runTraineeEventAction(t.db, userId, event!, form, context, { ip: '203.0.113.20' });
  };
  for (let i = 0; i < RATE_LIMITS.eventSignup.limit; i++)
    expect(await press(script.id, i % 2 ? 'cancel' : 'signup')).toMatchObject({ ok: true });
  const held = await press(script.id, 'signup');
  expect(held).toMatchObject({ ok: false, error: 'events.error.rate_limited' });
  expect(held.ok ? 0 : held.retryAfterSeconds).toBeGreaterThan(0);
  expect(await press(neighbour.id, 'signup')).toMatchObject({ ok: true, message: 'events.notice.signed_up' });
});
