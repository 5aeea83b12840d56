/**
 * The course feed between two Oqu hosts on this machine (decision 054), in Chromium against two
 * real built servers with their own databases and keys: host B trusts host A, its admin imports
 * A's course from "Courses from partners" (preview first), B is rebuilt and a trainee makes
 * progress there; A publishes a new version, B sees "Update available", previews and applies it,
 * and after B's rebuild the trainee's progress is still there. A third address B trusts relays
 * A's feed changed on the way: it is refused and nothing is installed. A gives its bundle only to
 * B, which it trusts in turn and which signs its request (decision 060): a visitor gets 401.
 * Pages at 390 px, axe.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { paths } from '#lib/i18n/urls.ts';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { oqu, projectRoot, rebuild } from './partner-copy-site.ts';
import { freePort, startServer, type RunningServer } from '../helpers/server.ts';
import { buildSiteCopy } from '../hardening/lib/site-build.ts';

const en = JSON.parse(readFileSync(join(projectRoot, 'src', 'lib', 'i18n', 'en.json'), 'utf8')) as Record<
  string,
  string
>;
const COURSE = 'two-languages';
const ADMIN = { email: 'admin@b.oqu.test', password: 'steppe-river-lantern-7' };
const TRAINEE = { email: 'dana@b.oqu.test', password: 'amber-steppe-lantern-4', name: 'Дана Серікқызы' };
const NO_CONFIG = { OQU_CONFIG: '' };
const fixture = (course: string) => join(projectRoot, 'tests', 'fixtures', 'e2e-courses', course);

let work: string;
let browser: Browser;
let relay: Server | undefined;
const servers: RunningServer[] = [];
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'oqu-e2e-feed-'));
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await new Promise((done) => (relay ? relay.close(done) : done(undefined)));
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A copy with one small course of its own (fast to build) at `baseUrl`, trusting `trusted`. */
function prepareHost(root: string, baseUrl: string, course: string, trusted: string[]): void {
  for (const name of readdirSync(join(root, 'courses')))
    if (!name.startsWith('_') || name === '_programmes') rmSync(join(root, 'courses', name), { recursive: true });
  cpSync(fixture(course), join(root, 'courses', course), { recursive: true });
  const file = join(root, 'oqu.config.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace(/^baseUrl: .*$/m, `baseUrl: ${baseUrl}`)
      .replace(/^trustedHosts: .*$/m, `trustedHosts: [${trusted.map((h) => `'${h}'`).join(', ')}]`),
  );
}

async function serve(root: string, dataDir: string, port: number): Promise<RunningServer> {
  const server = await startServer({ root, dataDir, port, env: NO_CONFIG });
  servers.push(server);
  return server;
}

async function stop(server: RunningServer): Promise<void> {
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
}

async function signIn(page: Page, base: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/en/login`);
  await page.getByLabel(en['form.email']!).fill(who.email);
  await page.getByLabel(en['form.password']!, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: en['login.submit'], exact: true }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** The partner page's row of a course, and its state column's text. */
async function courseState(page: Page, base: string, host: string): Promise<string> {
  await page.goto(`${base}/en/admin/partner-courses`);
  const section = page.getByRole('region', { name: new RegExp(host.replace(/[.:/]/g, '\\$&')) });
  const row = section.getByRole('row').filter({ hasText: COURSE });
  return (await row.textContent()) ?? '';
}

/** Previews the partner's version of the course and installs it; returns the preview's text. */
async function previewAndInstall(page: Page, base: string, host: string): Promise<string> {
  await courseState(page, base, host);
  const section = page.getByRole('region', { name: new RegExp(host.replace(/[.:/]/g, '\\$&')) });
  await section.getByRole('link', { name: new RegExp(`^${en['partners.preview']}`) }).click();
  await page.getByRole('heading', { level: 2, name: /Екі тілдегі курс|Курс на двух языках/ }).waitFor();
  // The course has no English title: the one shown carries its own `lang`.
  expect(await page.locator('#preview-title [lang]').getAttribute('lang')).toMatch(/^(kk|ru)$/);
  expect(await axeViolations(page)).toEqual([]);
  const text = (await page.getByRole('main').textContent()) ?? '';
  await page.getByRole('button', { name: en['partners.apply'] }).click();
  await page.getByRole('status').filter({ hasText: 'is installed' }).waitFor();
  return text;
}

test(
  'host B follows a course of host A: import, progress, a new version applied, a tampered feed refused',
  { timeout: 1_200_000 },
  async () => {
    const [portA, portB, portRelay] = [await freePort(), await freePort(), await freePort()];
    const [baseA, baseB, baseRelay] = [portA, portB, portRelay].map((p) => `http://127.0.0.1:${p}`) as [
      string,
      string,
      string,
    ];
    const rootA = buildSiteCopy({
      root: join(work, 'a'),
      // A gives its bundles only to hosts it trusts in turn (decision 060).
      prepare: (r) => prepareHost(r, baseA, COURSE, [baseB]),
      env: NO_CONFIG,
    });
    const rootB = buildSiteCopy({
      root: join(work, 'b'),
      prepare: (r) => prepareHost(r, baseB, 'practice', [baseA, baseRelay]),
      env: NO_CONFIG,
    });
    const [dataA, dataB] = [join(work, 'a-data'), join(work, 'b-data')];
    mkdirSync(dataA);
    mkdirSync(dataB);
    const a = await serve(rootA, dataA, portA);
    let b = await serve(rootB, dataB, portB);
    await stop(b);
    const created = oqu(rootB, dataB, ['create-admin', '--email', ADMIN.email, '--name', 'Әсел Админ'], {
      OQU_ADMIN_PASSWORD: ADMIN.password,
    });
    expect(created.code, created.output).toBe(0);
    b = await serve(rootB, dataB, portB);

    // The feed is public; its bundles are not (trainer notes, answer keys).
    expect((await fetch(`${baseA}${paths.courseFeed()}`)).status).toBe(200);
    const visitor = await fetch(`${baseA}${paths.courseBundle(COURSE)}`);
    expect([visitor.status, visitor.headers.get('content-type')]).toEqual([401, 'text/plain; charset=utf-8']);

    const context = await newContext(browser, { viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await signIn(page, baseB, ADMIN);
    expect(await courseState(page, baseB, baseA)).toContain(en['partners.state.new']);
    // The page tells B's admin what to give partners: B's address, for their trustedHosts.
    expect(await page.getByRole('main').textContent()).toContain(en['partners.mutual']!.replace('{host}', baseB));
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const first = await previewAndInstall(page, baseB, baseA);
    expect(first).toContain('goals');
    expect(first).toContain('words');

    // Published on B by its next build; a trainee enrols and finishes the lesson.
    await stop(b);
    rebuild(rootB, dataB);
    b = await serve(rootB, dataB, portB);
    const trainee = await newContext(browser, { viewport: { width: 390, height: 800 } });
    const learner = await trainee.newPage();
    await learner.goto(`${baseB}/en/register`);
    await learner.getByLabel(en['form.full_name']!).fill(TRAINEE.name);
    await learner.getByLabel(en['form.email']!).fill(TRAINEE.email);
    await learner.getByLabel(en['form.password']!).fill(TRAINEE.password);
    await learner.getByRole('checkbox', { name: /I agree to the processing/ }).check();
    await learner.getByRole('button', { name: en['register.submit'], exact: true }).click();
    await learner.waitForURL((url) => url.pathname.endsWith('/login'));
    await signIn(learner, baseB, TRAINEE);
    await learner.goto(`${baseB}/en/courses/${COURSE}/`);
    // Attribution: the origin and the licence beside it, on the course's pages.
    expect(await learner.locator('.course-license').textContent()).toContain(baseA);
    expect(await learner.locator('.course-license').textContent()).toContain('CC BY-SA 4.0');
    await learner.getByRole('button', { name: en['course.enrol'] }).click();
    await learner.goto(`${baseB}/en/courses/${COURSE}/goals/`);
    await learner.getByRole('button', { name: en['lesson.mark_done'] }).click();
    await learner.goto(`${baseB}/en/courses/${COURSE}/`);
    expect(await learner.locator('.done-mark').count()).toBe(1);

    // A publishes a new version: a lesson reworded, a lesson added.
    const lessons = join(rootA, 'courses', COURSE, '01-basics');
    const goals = join(lessons, '01-goals.kk.mdx');
    writeFileSync(goals, readFileSync(goals, 'utf8').replace('Мақсат өлшенетін', 'Жақсы мақсат өлшенетін'));
    for (const [locale, title] of [
      ['kk', 'Бюджет'],
      ['ru', 'Бюджет'],
    ] as const)
      writeFileSync(
        join(lessons, `02-budget.${locale}.mdx`),
        `---\ntitle: ${title}\ndescription: ${title}.\nminutes: 5\n---\n\n${title}.\n`,
      );
    await stop(a);
    await serve(rootA, dataA, portA);

    expect(await courseState(page, baseB, baseA)).toContain(en['partners.state.update']);
    const update = await previewAndInstall(page, baseB, baseA);
    expect(update).toMatch(/Added\s*budget/);
    expect(update).toMatch(/Changed\s*goals/);
    expect(update).toContain(en['partners.enrolled']!.replace('{count}', '1').slice(0, 30));

    // A relay B also trusts passes A's feed on, changed: refused, nothing installed.
    relay = createServer(
      (req, res) =>
        void relayAnswer(baseA, baseRelay, req.url ?? '').then(([s, body]) => {
          res.writeHead(s, { 'Content-Type': 'application/json' });
          res.end(body);
        }),
    );
    await new Promise<void>((done) => relay!.listen(portRelay, '127.0.0.1', done));
    await page.goto(`${baseB}${paths.adminPartnerCourses('en')}`);
    const relayed = page.getByRole('region', { name: new RegExp(baseRelay.replace(/[.:/]/g, '\\$&')) });
    expect(await relayed.textContent()).toContain(en['feed.signature']);
    await page.goto(`${baseB}${paths.adminPartnerCourses('en', { host: baseRelay, course: COURSE })}`);
    expect(await page.getByRole('main').textContent()).toContain(en['feed.signature']);
    expect(await page.getByRole('button', { name: en['partners.apply'] }).count()).toBe(0);

    // After B's rebuild the trainee's progress on the kept lesson is still there.
    await stop(b);
    rebuild(rootB, dataB);
    await serve(rootB, dataB, portB);
    await learner.goto(`${baseB}/en/courses/${COURSE}/`);
    expect(await learner.getByRole('link', { name: 'Бюджет' }).count()).toBeGreaterThan(0);
    expect(await learner.locator('.done-mark').count()).toBe(1);
    expect(await axeViolations(learner)).toEqual([]);
    await trainee.close();
    await context.close();
  },
);

/** What the relay answers: A's keys under its own address, and A's feed with one course's version changed. */
async function relayAnswer(baseA: string, baseRelay: string, url: string): Promise<[number, string]> {
  const upstream = await fetch(`${baseA}${url}`);
  const text = await upstream.text();
  if (url === '/.well-known/jwks.json') return [upstream.status, text.split(baseA).join(baseRelay)];
  if (url !== '/.well-known/oqu-courses.json') return [upstream.status, text];
  const signed = JSON.parse(text) as { protected: string; payload: string; signature: string };
  const header = Buffer.from(signed.protected, 'base64url').toString('utf8').split(baseA).join(baseRelay);
  const payload = Buffer.from(signed.payload, 'base64url').toString('utf8').split(baseA).join(baseRelay);
  const changed = payload.replace(/"version":"[0-9a-f]/, '"version":"0');
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  return [200, JSON.stringify({ ...signed, protected: b64(header), payload: b64(changed) })];
}
