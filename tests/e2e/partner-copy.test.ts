/**
 * Issue 22's scenario from start to end, in Chromium against real built servers: a kk+ru
 * partner set up from its configuration file alone (brand colour, pages, logo, a hidden
 * course) issues a certificate; it moves from an IP to a name (`baseUrl` changed, rebuilt), and
 * the old credential still verifies on the host and on a second host that trusts the new
 * address; a full backup made while serving is restored onto a fresh copy, which serves the
 * same courses and verifies the old certificate; the hidden course is absent from the
 * catalogue and present in the programme report.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { courseLinks, HUB, moveHub, oqu, rebuild, rgb, setUpHub, setUpSecondHost, texts } from './partner-copy-site.ts';
import { freePort, runServerToExit, startServer, type RunningServer } from '../helpers/server.ts';
import { buildSiteCopy } from '../hardening/lib/site-build.ts';

const kk = texts('kk');
const ru = texts('ru');
const ADMIN = { email: 'admin@hub.example.kz', password: 'steppe-river-lantern-7' };
const TRAINEE = { email: 'aliya@hub.example.kz', password: 'amber-steppe-lantern-4', name: 'Әлия Нұрланова' };
const NO_CONFIG = { OQU_CONFIG: '' };

let work: string;
let browser: Browser;
const servers: RunningServer[] = [];
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'oqu-e2e-partner-'));
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function serve(root: string, dataDir: string, port: number): Promise<RunningServer> {
  const server = await startServer({ root, dataDir, port, env: NO_CONFIG });
  servers.push(server);
  return server;
}

async function signIn(page: Page, base: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/kk/login`);
  await page.getByLabel(kk['form.email']!).fill(who.email);
  await page.getByLabel(kk['form.password']!, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: kk['login.submit'], exact: true }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** Registers the trainee, who completes the hidden pilot course (opened by its address); returns the code. */
async function earnCertificate(page: Page, base: string): Promise<string> {
  await page.goto(`${base}/kk/register`);
  await page.getByLabel(kk['form.full_name']!).fill(TRAINEE.name);
  await page.getByLabel(kk['form.email']!).fill(TRAINEE.email);
  await page.getByLabel(kk['form.password']!).fill(TRAINEE.password);
  await page.getByRole('checkbox', { name: new RegExp(kk['register.consent']!.slice(0, 20)) }).check();
  await page.getByRole('button', { name: kk['register.submit'], exact: true }).click();
  await page.waitForURL((url) => url.pathname.endsWith('/login'));
  await signIn(page, base, TRAINEE);
  await page.goto(`${base}/kk/courses/${HUB.hidden}/`);
  await page.getByRole('button', { name: kk['course.enrol'] }).click();
  await page.goto(`${base}/kk/courses/${HUB.hidden}/plan/`);
  await page.getByRole('button', { name: kk['lesson.mark_done'] }).click();
  await page.goto(`${base}/kk/account`);
  const href = await page.locator('a[href^="/verify/"]').first().getAttribute('href');
  return /\/verify\/([0-9A-Z-]{14})/.exec(href ?? '')![1]!;
}

/** The partner's look from the configuration: colour, logo, footer line, its own privacy page. */
async function expectHubLook(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/`);
  expect(new URL(page.url()).pathname).toBe('/kk/');
  expect(await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
    rgb(HUB.brand),
  );
  expect(await page.locator(`img[src="${HUB.logo}"]`).count()).toBeGreaterThan(0);
  expect(await page.getByRole('contentinfo').textContent()).toContain(HUB.footer.kk);
  expect(await page.locator('a[href^="/en/"]').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await page.goto(`${base}/kk/privacy`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
    '«Түркістан оқу хабының» құпиялылық саясаты',
  );
}

/** The catalogue leaves the hidden course out; the admin's report lists it, hidden, with its certificate. */
async function expectHiddenCourse(page: Page, base: string): Promise<string[]> {
  await page.goto(`${base}/kk/`);
  const listed = courseLinks(await page.content(), 'kk');
  expect(listed).toContain(HUB.listed);
  expect(listed).not.toContain(HUB.hidden);
  await signIn(page, base, ADMIN);
  await page.goto(`${base}/kk/admin/report`);
  const row = page.getByRole('table').first().getByRole('row').filter({ hasText: 'Жасырын пилоттық курс' });
  await expect.poll(() => row.count()).toBe(1);
  const cells = await row.getByRole('cell').allTextContents();
  expect(cells[2]).toBe(kk['course.state.hidden']);
  expect(cells.slice(3)).toEqual(['1', '1', '1']);
  expect(await axeViolations(page)).toEqual([]);
  return listed;
}

/**
 * The admin's grant forms offer the hub's languages only: the new call's title and description,
 * the proposal form's field labels and the rubric's criteria in kk and ru, none in English (the
 * default rubric's English texts ride along, hidden, when a criterion is edited).
 */
async function expectGrantFormsInHubLanguages(page: Page, base: string): Promise<void> {
  const inputs = (name: string) => page.locator(`input[name="${name}"]:not([type="hidden"]), textarea[name="${name}"]`);
  await page.goto(`${base}/kk/admin/grants/`);
  for (const l of ['kk', 'ru']) expect(await inputs(`title-${l}`).count(), l).toBe(1);
  expect(await inputs('title-en').count()).toBe(0);
  expect(await inputs('description-en').count()).toBe(0);
  await inputs('title-kk').fill('Жасыл аула');
  await page.locator('input[name="opens"]').fill('2030-01-10T09:00');
  await page.locator('input[name="closes"]').fill('2030-02-10T18:00');
  await page.locator('input[name="budget"]').fill('1 000 000');
  await page.locator('input[name="max"]').fill('500 000');
  await page.getByRole('button', { name: kk['grants.create'] }).click();
  await page.waitForURL(/\/kk\/admin\/grants\/[a-z0-9]+$/);
  for (const name of ['label', 'options', 'title', 'description']) {
    expect(await inputs(`${name}-en`).count(), `${name}-en`).toBe(0);
    expect(await inputs(`${name}-kk`).count(), `${name}-kk`).toBeGreaterThan(0);
    expect(await inputs(`${name}-ru`).count(), `${name}-ru`).toBeGreaterThan(0);
  }
  expect(await page.locator('input[type="hidden"][name="title-en"]').first().inputValue()).toBe(
    'Relevance of the problem and target group',
  );
  expect(await axeViolations(page)).toEqual([]);
}

/** The certificate's page and the pasted credential both say valid, on the host at `base`. */
async function expectVerifies(page: Page, base: string, code: string, jwt: string): Promise<void> {
  await page.goto(`${base}/verify/${code}?lang=kk`);
  await expect.poll(() => page.getByRole('main').textContent()).toContain(kk['verify.valid']);
  expect(await page.getByRole('main').textContent()).toContain(TRAINEE.name);
  await page.goto(`${base}/kk/verify`);
  await page.getByLabel(kk['verify.foreign.label']!).fill(jwt);
  await page.getByRole('button', { name: kk['verify.foreign.check'] }).click();
  const valid = kk['verify.foreign.valid']!.split('{issuer}')[0]!;
  await expect.poll(() => page.getByRole('main').textContent()).toContain(`${valid}Түркістан оқу хабы`);
  expect(await page.getByRole('main').textContent()).toContain(TRAINEE.name);
}

test(
  'a kk+ru partner: configuration only, a move, a second host, a full backup restored',
  { timeout: 900_000 },
  async () => {
    const port = await freePort();
    const first = `http://127.0.0.1:${port}`;
    const moved = `http://localhost:${port}`;
    const hubRoot = join(work, 'hub');
    const hubData = join(work, 'hub-data');
    mkdirSync(hubData);
    buildSiteCopy({ root: hubRoot, prepare: (root) => setUpHub(root, first), env: NO_CONFIG });

    // Set up and certificate at the temporary address; the first admin made while it serves.
    let hub = await serve(hubRoot, hubData, port);
    expect(hub.log()).toContain('Stop the server');
    await hub.stop();
    const created = oqu(hubRoot, hubData, ['create-admin', '--email', ADMIN.email, '--name', 'Гүлнар Әбенова'], {
      OQU_ADMIN_PASSWORD: ADMIN.password,
    });
    expect(created.code, created.output).toBe(0);
    hub = await serve(hubRoot, hubData, port);
    const context = await newContext(browser, { viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await expectHubLook(page, first);
    const code = await earnCertificate(page, first);
    const jwt = await (await fetch(`${first}/certificates/${code}.json`)).text();
    expect(jwt).toMatch(/^eyJ/);
    await hub.stop();

    // The move: refused until rebuilt, then the old credential verifies here at the new address.
    moveHub(hubRoot, moved);
    const stale = runServerToExit({ root: hubRoot, dataDir: hubData, port, env: NO_CONFIG });
    expect(stale.output).toMatch(/changed since the site was built \(baseUrl\)/);
    rebuild(hubRoot, hubData);
    hub = await serve(hubRoot, hubData, port);
    expect(hub.log()).toContain(`the latest certificates were issued under ${first}`);
    await expectVerifies(page, moved, code, jwt);
    await page.goto(`${first}/verify/${code}`);
    expect(await page.getByRole('main').textContent()).toContain(kk['verify.valid']);

    // A second host that trusts only the new address accepts the credential issued under the old one.
    const secondPort = await freePort();
    const secondRoot = buildSiteCopy({
      root: join(work, 'second'),
      prepare: (root) => setUpSecondHost(root, `http://127.0.0.1:${secondPort}`, moved),
      env: NO_CONFIG,
    });
    const secondData = join(work, 'second-data');
    mkdirSync(secondData);
    const second = await serve(secondRoot, secondData, secondPort);
    await page.goto(`${second.baseURL}/ru/verify`);
    await page.getByLabel(ru['verify.foreign.label']!).fill(jwt);
    await page.getByRole('button', { name: ru['verify.foreign.check'] }).click();
    const valid = ru['verify.foreign.valid']!.split('{issuer}')[0]!;
    await expect.poll(() => page.getByRole('main').textContent()).toContain(`${valid}Түркістан оқу хабы`);
    expect(await axeViolations(page)).toEqual([]);

    // A full backup while serving, restored onto a fresh copy that then takes over the address.
    const listedBefore = await expectHiddenCourse(page, moved);
    await expectGrantFormsInHubLanguages(page, moved);
    const archive = join(work, 'hub.tar.gz');
    const backup = oqu(hubRoot, hubData, ['backup', archive]);
    expect(backup.code, backup.output).toBe(0);
    await hub.stop();
    const freshData = join(work, 'fresh-data');
    const freshRoot = buildSiteCopy({
      root: join(work, 'fresh'),
      prepare: (root) => {
        const restored = oqu(root, freshData, ['restore', archive]);
        if (restored.code !== 0) throw new Error(restored.output);
      },
      env: NO_CONFIG,
    });
    await serve(freshRoot, freshData, port);
    await context.clearCookies();
    await expectHubLook(page, moved);
    await expectVerifies(page, moved, code, jwt);
    expect(await expectHiddenCourse(page, moved)).toEqual(listedBefore);
    await context.close();
  },
);
