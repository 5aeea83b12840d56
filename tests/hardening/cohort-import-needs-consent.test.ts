/**
 * A trainer's CSV import must not pull anyone into a cohort: existing accounts (an admin's
 * included) are invited, not added; until they accept, the trainer sees only the address
 * as typed and "invited", never the account's name or progress; the report reads the same
 * whether or not an address had an account; accepting on "My learning" is what joins.
 * On the old code the import added the admin and the learner at once, showed their names
 * and said "1 new trainees invited, 2 existing trainees added".
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { importCsv, visibleText } from './lib/cohort-forms.ts';
import { createWorld, type World } from './lib/world.ts';

let w: World;
beforeAll(async () => {
  w = await createWorld('consent', { sessions: 4 });
});
afterAll(async () => {
  await w?.close();
});

test('an import invites; names, progress and who has an account stay hidden until the person accepts', async () => {
  const cohortPath = `/en/trainer/cohorts/${w.cohortId}`;
  const trainer = w.cookie('trainer');
  const csv =
    `name;email;language\nPicked By Trainer;${w.users.admin.email};en\nAlso ` +
    `Picked;${w.users.learner.email};en\nBrand New;brand.new@oqu.test;kk\n`;
  const imported = await importCsv(w.http, cohortPath, csv, trainer);
  expect(imported.status).toBe(200);
  const report = visibleText(imported.text);
  console.log(
    `[cohort-import-needs-consent] report: ${/Invitations sent[^.]*\./.exec(report)?.[0] ?? report.slice(0, 200)}`,
  );
  expect(report).toContain(
    'Rows read: 3. Invitations sent: 3; already invited or in the cohort: 0; rows not imported: 0.',
  );
  for (const name of [w.users.admin.name, w.users.learner.name, 'Picked By Trainer', 'Brand New'])
    expect(report).not.toContain(name);
  expect(report).toContain(`${w.users.admin.email} invited`);
  expect(report).toContain(`${w.users.learner.email} invited`);
  expect(report).toContain('brand.new@oqu.test invited');
  expect(report).toMatch(/Members \(0\)/);

  // The cohort's dashboard holds none of them (the learner completed urbanism: no progress shows).
  const dashboard = visibleText(
    (await w.http.get(`/en/trainer/courses/urbanism/?cohort=${w.cohortId}`, { cookie: trainer })).text,
  );
  expect(dashboard).not.toContain(w.users.learner.name);
  expect(dashboard).not.toContain(w.users.admin.name);
  const csvExport = await w.http.get(`/en/trainer/courses/urbanism/trainees.csv?cohort=${w.cohortId}`, {
    cookie: trainer,
  });
  expect(csvExport.text).not.toContain(w.users.learner.email);

  // Sending again is offered from the cohort page (and not sooner than every 10 minutes).
  const resent = await w.http.post(cohortPath, { intent: 'resend', email: w.users.learner.email }, { cookie: trainer });
  expect(resent.status).toBe(429);
  expect(visibleText(resent.text)).toContain('sent less than 10 minutes ago');

  // The admin declines on "My learning"; the learner accepts.
  const adminAccount = await w.http.get('/en/account', { cookie: w.cookie('admin') });
  expect(visibleText(adminAccount.text)).toContain('A trainer invites you to the group “Urbanism spring cohort”');
  const declined = await w.http.post(
    '/en/account',
    { intent: 'invitation', cohortId: w.cohortId, answer: 'decline' },
    { cookie: w.cookie('admin') },
  );
  expect(visibleText(declined.text)).toContain('You declined the invitation.');
  const accepted = await w.http.post(
    '/en/account',
    { intent: 'invitation', cohortId: w.cohortId, answer: 'accept' },
    { cookie: w.cookie('learner') },
  );
  expect(visibleText(accepted.text)).toContain('You have joined the group and are enrolled in the course.');
  // Nobody answers for someone else: the other learner has no invitation.
  const foreign = await w.http.post(
    '/en/account',
    { intent: 'invitation', cohortId: w.cohortId, answer: 'accept' },
    { cookie: w.cookie('otherLearner') },
  );
  expect(foreign.status).toBe(400);

  const after = visibleText((await w.http.get(cohortPath, { cookie: trainer })).text);
  expect(after).toContain(`${w.users.learner.name} ${w.users.learner.email} member`);
  expect(after).not.toContain(w.users.admin.name);
  expect(after).toContain(`${w.users.admin.email} declined the invitation`);
  expect(after).toMatch(/Members \(1\)/);
  const memberDashboard = visibleText(
    (await w.http.get(`/en/trainer/courses/urbanism/?cohort=${w.cohortId}`, { cookie: trainer })).text,
  );
  expect(memberDashboard).toContain(w.users.learner.name);
  expect(w.server.log()).not.toMatch(/reset-password\?token=/);
});
