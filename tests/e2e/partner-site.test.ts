/**
 * A partner's copy made from the configuration alone (decision 026): the suite runs under a
 * configuration with a brand colour and a footer line (global-setup.ts), and here the browser
 * shows them, through a stylesheet the Content-Security-Policy allows, with axe passing.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { PARTNER_LOOK } from './global-setup.ts';

const baseURL = inject('baseURL');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

/** `#rrggbb` as Chromium reports a computed colour. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

describe('the partner’s look', () => {
  test('the header is in the configured brand colour, the footer has the line, axe passes', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${baseURL}/ru/`);
    const header = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(header).toBe(rgb(PARTNER_LOOK.brand));
    const link = await page
      .locator('main a')
      .first()
      .evaluate((el) => getComputedStyle(el).color);
    expect(link).toBe(rgb(PARTNER_LOOK.brand));
    await expect.poll(() => page.getByRole('contentinfo').textContent()).toContain(PARTNER_LOOK.footer);
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(PARTNER_LOOK.brand);
    expect(refused).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test('the stylesheet is served as CSS and changes address with the colours', async () => {
    const html = await (await fetch(`${baseURL}/kk/`)).text();
    const href = /<link rel="stylesheet" href="(\/theme\.css\?v=[a-z0-9]+)"/.exec(html)?.[1];
    expect(href).toBeDefined();
    const res = await fetch(`${baseURL}${href}`);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await res.text()).toContain(`--brand: ${PARTNER_LOOK.brand};`);
  });
});
