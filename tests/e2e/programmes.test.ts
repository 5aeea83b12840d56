/**
 * A programme in Chromium (decision 047): an English-speaking trainee finds the two-course
 * fixture programme in the catalogue, starts it, passes each course's quiz and so completes it.
 * The programme page and "My learning" show the path done; "My competencies" shows each of its
 * competencies demonstrated with the evidence linked; the programme certificate's PDF (real
 * text, read back with pdftotext) lists the competencies; its credential verifies against the
 * host's published keys, passes the 1EdTech OB 3.0 schema and carries the alignments to the
 * public framework page; the verify page names the programme. A trainer starts a cohort that
 * follows the programme: a member who joins is enrolled in every course of the path and shows in
 * the cohort's progress along it, and its competency matrix has the programme's competencies. axe
 * passes on every new page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { signInOnPage } from './sign-up.ts';
import { get, postForm } from './http.ts';
import { assignSuiteTrainer } from './trainer-courses.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
const PROGRAMME = 'Waypoints programme';
const COURSES = [
  {
    slug: 'waypoint-research',
    right: 'The people the problem affects',
    competency: 'Research a social problem',
    competencyKk: 'Әлеуметтік мәселені зерттеу',
  },
  {
    slug: 'waypoint-impact',
    right: 'An outcome indicator',
    competency: 'Measure social impact',
    competencyKk: 'Әлеуметтік әсерді өлшеу',
  },
];
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page): Promise<void> {
  const email = `pathfinder-${Date.now()}@oqu.test`;
  const password = 'steppe-waypoint-lantern-7';
  const registered = await postForm('/en/register', {
    name: 'Dana Path',
    email,
    password,
    locale: 'en',
    consent: 'yes',
  });
  expect(registered.status).toBe(303);
  await page.goto(`${baseURL}/en/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/en\/account$/);
}

/** The OB 3.0 credential schema the certificate tests use. */
function obSchema() {
  const file = join(inject('projectRoot'), 'tests', 'fixtures', 'certificates', 'ob-v3p0-credential.schema.json');
  const ajv = new Ajv2019({ allErrors: true, strict: true, strictTuples: false, strictRequired: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
}

test('a trainee completes a two-course programme and gets its certificate and credential', async () => {
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page);

  await page.goto(`${baseURL}/en/`);
  await page.getByRole('link', { name: PROGRAMME }).click();
  await page.getByRole('heading', { level: 1, name: PROGRAMME }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Start the programme' }).click();
  await page.getByRole('heading', { name: 'Your progress along the programme' }).waitFor();

  for (const course of COURSES) {
    await page.goto(`${baseURL}/en/courses/${course.slug}/step/`);
    await page.getByRole('radio', { name: course.right, exact: true }).check();
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.waitForURL(/\/quiz\?attempt=/);
  }

  await page.goto(`${baseURL}/en/programmes/waypoints/`);
  await page.getByText('You have completed this programme.').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  const verifyHref = await page.getByRole('link', { name: 'Your programme certificate' }).getAttribute('href');
  const code = /\/verify\/([0-9A-Z-]{14})/.exec(verifyHref ?? '')?.[1];
  expect(code).toBeTruthy();

  await page.goto(`${baseURL}/en/account`);
  await page.getByRole('heading', { name: 'My programmes' }).waitFor();
  await page.getByRole('progressbar', { name: `Progress along ${PROGRAMME}` }).waitFor();
  expect(await page.getByRole('progressbar', { name: `Progress along ${PROGRAMME}` }).getAttribute('value')).toBe(
    '100',
  );
  expect(await axeViolations(page)).toEqual([]);

  await page.goto(`${baseURL}/en/account/competencies`);
  for (const course of COURSES) {
    const item = page.locator('li').filter({ has: page.getByRole('heading', { name: course.competency }) });
    await item.getByText('Demonstrated', { exact: true }).waitFor();
    expect(await item.getByRole('link').first().getAttribute('href')).toBe(`/en/courses/${course.slug}/step/`);
  }

  // The verify page names the programme and what was demonstrated.
  await page.goto(`${baseURL}${verifyHref}`);
  await page.getByText('Valid certificate').waitFor();
  await page.getByText('Programme', { exact: true }).waitFor();
  await page.getByText(PROGRAMME, { exact: true }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await context.close();

  // The PDF is real text listing the competencies.
  const pdf = await get(`/certificates/${code}.pdf`);
  expect(pdf.status).toBe(200);
  const file = join(mkdtempSync(join(tmpdir(), 'oqu-programme-pdf-')), 'certificate.pdf');
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  // Bilingual (decision 048): Kazakh plus the holder's English, each with the competencies.
  expect(text).toContain('has successfully completed the programme');
  expect(text).toContain(PROGRAMME);
  expect(text).toContain('төмендегі бағдарламаны сәтті аяқтады');
  expect(text).toContain('«Белестер» бағдарламасы');
  for (const course of COURSES) expect(text).toContain(course.competency);
  for (const course of COURSES) expect(text).toContain(course.competencyKk);

  // The credential: verifies with the host's keys, passes the OB 3.0 schema, carries the alignments.
  const jwt = await (await get(`/certificates/${code}.json`)).text();
  const jwks = createLocalJWKSet(await (await get('/.well-known/jwks.json')).json());
  const { payload } = await jwtVerify(jwt, jwks);
  const vc = payload.vc as {
    type: string[];
    credentialSubject: { achievement: { id: string; name: string; alignment: { targetUrl: string }[] } };
  };
  const validate = obSchema();
  expect(validate(vc), JSON.stringify(validate.errors)).toBe(true);
  expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
  expect(vc.credentialSubject.achievement.id).toMatch(/\/programmes\/waypoints#achievement$/);
  expect(vc.credentialSubject.achievement.name).toBe(PROGRAMME);
  const targets = vc.credentialSubject.achievement.alignment.map((a) => new URL(a.targetUrl));
  expect(targets.map((u) => `${u.pathname}${u.hash}`)).toEqual([
    '/en/competencies/social-innovation#problem-research',
    '/en/competencies/social-innovation#impact-measurement',
  ]);
});

test('a trainer starts a cohort that follows the programme; a member is enrolled in its courses', async () => {
  const { createDatabase, closeDatabase } = await import('#db/client.ts');
  const db = await createDatabase({ url: inject('databaseUrl') });
  await assignSuiteTrainer(db, accounts.trainer.email, 'waypoint-research');
  closeDatabase(db);
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInOnPage(page, accounts.trainer.email, accounts.trainer.password);
  await page.goto(`${baseURL}/en/trainer/`);
  await page.getByLabel('Cohort name').fill('Waypoints, autumn');
  await page.getByLabel('Course').selectOption('waypoint-research');
  await page.getByLabel('Programme the group follows').selectOption('waypoints');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await page.waitForURL(/\/en\/trainer\/cohorts\/[a-z0-9]+$/);
  const cohortUrl = page.url();
  const joinPath = new URL(
    (await page
      .getByText(/\/en\/join\//)
      .first()
      .textContent())!.trim(),
  ).pathname;

  const trainee = await newContext(browser, { viewport: { width: 390, height: 844 } });
  const member = await trainee.newPage();
  await signIn(member);
  await member.goto(`${baseURL}${joinPath}`);
  await member.getByRole('button', { name: 'Join the group' }).click();
  await member.getByText('You are now in this group').waitFor();
  await member.goto(`${baseURL}/en/account`);
  await member.getByRole('heading', { name: 'My programmes' }).waitFor();
  for (const title of ['Research step', 'Impact step'])
    await member.getByRole('progressbar', { name: `Progress in ${title}` }).waitFor();
  await trainee.close();

  await page.goto(cohortUrl);
  const table = page.getByRole('table', { name: `Progress along ${PROGRAMME}` });
  expect(await table.getByRole('row', { name: /Dana Path/ }).count()).toBe(1);
  expect(await axeViolations(page)).toEqual([]);

  // The cohort's competency matrix has the programme's competencies, not only its course's, to see and to set.
  await page.goto(`${cohortUrl}/competencies`);
  const matrix = page.getByRole('table', { name: /each competency of the programme/ });
  for (const course of COURSES) await matrix.getByRole('columnheader', { name: course.competency }).waitFor();
  const choices = await page.getByLabel('Competency', { exact: true }).locator('option').allTextContents();
  expect(choices).toEqual(COURSES.map((c) => c.competency));
  expect(await axeViolations(page)).toEqual([]);
  await context.close();
});
