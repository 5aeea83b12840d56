/**
 * A declined applicant could apply again at once while the application window was open,
 * putting the same request before the trainer again and again. A decline is final for that
 * cohort: applying again answers 409 with a message in the applicant's language, and the
 * trainer's list keeps the decision.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { visibleText } from './lib/cohort-forms.ts';
import { createWorld, type World } from './lib/world.ts';

let w: World;
beforeAll(async () => {
  w = await createWorld('declined', { sessions: 4 });
});
afterAll(async () => {
  await w?.close();
});

/** A calendar day in Kazakhstan (UTC+5), `days` from today. */
const kzDay = (days: number) => new Date(Date.now() + 5 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

test('after a decline, applying again is refused (kk, ru, en) and the decision stands', async () => {
  const made = await w.http.post(
    '/en/trainer/',
    { name: 'Windowed cohort', course: 'urbanism', applicationsOpenOn: kzDay(-1), applicationsCloseOn: kzDay(10) },
    { cookie: w.cookie('trainer') },
  );
  expect(made.status).toBe(303);
  const cohortPath = made.location!;
  const code = /\/join\/([^<"\s/]+)/.exec((await w.http.get(cohortPath, { cookie: w.cookie('trainer') })).text)?.[1];
  expect(code).toBeDefined();

  const learner = w.cookie('learner');
  const applied = await w.http.post(`/kk/join/${code}`, {}, { cookie: learner });
  expect(applied.status).toBe(200);
  const declined = await w.http.post(
    cohortPath,
    { intent: 'decide', userId: w.users.learner.id, accept: '0' },
    { cookie: w.cookie('trainer') },
  );
  expect(visibleText(declined.text)).toContain('The application is declined.');

  const messages = {
    kk: 'қайта өтінім беру мүмкін емес',
    ru: 'подать её снова нельзя',
    en: 'you cannot apply to it again',
  };
  const statuses: number[] = [];
  for (const [locale, message] of Object.entries(messages)) {
    const again = await w.http.post(`/${locale}/join/${code}`, {}, { cookie: learner });
    statuses.push(again.status);
    expect(again.status).toBe(409);
    expect(visibleText(again.text)).toContain(message);
  }
  console.log(`[declined-applicant-cannot-reapply] apply 200, decline, apply again ×3: ${statuses.join(', ')}`);
  const page = visibleText((await w.http.get(cohortPath, { cookie: w.cookie('trainer') })).text);
  expect(page).toContain(`${w.users.learner.email} declined`);
  expect(page).toMatch(/Applications \(0\)/);
});
