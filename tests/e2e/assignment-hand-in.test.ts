/**
 * A trainee hands in an assignment on its page (the fixture course tests/fixtures/e2e-courses/
 * hand-in), in Chromium at 390 px: saves a draft and finds it after a reload, attaches a PDF,
 * is told in words why an HTML file named .pdf is refused (and the text typed with it is kept),
 * hands in, and sees the version handed in with its file to download. With JavaScript and
 * without (axe needs JavaScript, so it runs in the first pass only).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';

const baseURL = inject('baseURL');
const assignmentUrl = `${baseURL}/en/courses/hand-in/assignments/street-audit`;
const dir = mkdtempSync(join(tmpdir(), 'oqu-e2e-upload-'));
const pdf = join(dir, 'audit-notes.pdf');
const fake = join(dir, 'not-really.pdf');
writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.alloc(2000, 0x20)]));
writeFileSync(fake, '<!doctype html><html><script>alert(1)</script></html>');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function register(page: Page, email: string): Promise<void> {
  const password = 'juniper-yurt-sunrise-9';
  await page.goto(`${baseURL}/en/register`);
  await page.getByLabel('Full name').fill('Дана Серікова');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('checkbox', { name: /I agree to the processing of my personal data/ }).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/en\/login\?registered=1/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/en\/account$/);
}

describe.each([true, false])('handing in an assignment (JavaScript %s)', (javaScriptEnabled) => {
  test('save a draft, reload, attach a PDF, a refused file keeps the text, hand in', async () => {
    const context = await newContext(browser, { javaScriptEnabled, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(assignmentUrl);
    await page.waitForURL(/\/en\/login\?next=/);
    await register(page, `dana-${javaScriptEnabled ? 'js' : 'nojs'}-${Date.now()}@oqu.test`);

    await page.goto(assignmentUrl);
    await page.getByRole('heading', { level: 1, name: 'Street audit' }).waitFor();
    await page.getByText('Status: not started').waitFor();
    await page.getByText('Up to 2 files in all, of these kinds: PDF, PNG; at most 1 MB each.').waitFor();
    if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Your answer').fill('The pavement is **narrow** near the bazaar.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    await page.reload();
    expect(await page.getByLabel('Your answer').inputValue()).toBe('The pavement is **narrow** near the bazaar.');
    await page.getByText('Status: draft').waitFor();

    await page.getByLabel('Your answer').fill('Narrow pavement; no ramps at the crossing.');
    await page.getByLabel('Attach files').setInputFiles(fake);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('alert').getByText('This kind of file is not accepted here. Accepted: pdf, png.').waitFor();
    expect(await page.getByLabel('Your answer').inputValue()).toBe('Narrow pavement; no ramps at the crossing.');
    expect(await page.getByRole('link', { name: 'not-really.pdf' }).count()).toBe(0);

    await page.getByLabel('Attach files').setInputFiles(pdf);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    await page.getByRole('link', { name: 'audit-notes.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Remove audit-notes.pdf' }).waitFor();
    if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole('button', { name: 'Hand in' }).click();
    await page.getByText('Handed in. Your work now waits for its reviewer.').waitFor();
    await page.getByText('Status: handed in').waitFor();
    expect(await page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    const version = page.getByRole('article', { name: 'Version 1' });
    await version.getByText('Narrow pavement; no ramps at the crossing.').waitFor();
    const link = version.getByRole('link', { name: 'Download audit-notes.pdf' });
    const href = await link.getAttribute('href');
    const cookies = await context.cookies();
    const res = await fetch(new URL(href!, baseURL), {
      headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-notes.pdf"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await res.arrayBuffer()).byteLength).toBe(2000 + 15);
    // Nobody else gets the file, signed in or not: the same 404 as for an id that does not exist.
    expect((await fetch(new URL(href!, baseURL))).status).toBe(404);
    if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
