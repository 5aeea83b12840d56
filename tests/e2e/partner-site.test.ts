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

describe('the partner’s pages', () => {
  test('the footer links to the privacy page: the partner’s Markdown, no script, axe passing', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    await page.goto(`${baseURL}/ru/`);
    await page.getByRole('navigation', { name: 'О сайте' }).getByRole('link', { name: 'Конфиденциальность' }).click();
    expect(new URL(page.url()).pathname).toBe('/ru/privacy');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Политика «Туркестанского хаба»');
    expect(await page.getByRole('heading', { level: 2, name: 'Оператор' }).count()).toBe(1);
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.locator('main a[href^="javascript"]').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('<script>alert(1)</script>');
    expect(dialogs).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test('a reader of a language the partner did not write in gets their page, marked with its language', async () => {
    const html = await (await fetch(`${baseURL}/kk/privacy`)).text();
    expect(html).toContain('<article class="site-page" lang="ru"');
    expect(html).toContain('Туркестанского хаба');
  });

  test('pages the partner did not write are Oqu’s defaults, filled with the partner’s name', async () => {
    const res = await fetch(`${baseURL}/en/terms`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Terms of use</h1>');
    expect(html).toContain('City Development Centre (Almaty)');
    expect(html).not.toMatch(/\{partner\}|\{name\}/);
    const about = await (await fetch(`${baseURL}/kk/about`)).text();
    expect(about).toContain('Қалалық даму орталығы (Алматы)');
    expect((await fetch(`${baseURL}/kk/contacts`)).status).toBe(404);
  });
});

describe('sitemap.xml and robots.txt', () => {
  test('the sitemap lists public pages in every language at the base URL, and each answers 200', async () => {
    const res = await fetch(`${baseURL}/sitemap.xml`);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await res.text();
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locs.every((l) => l.startsWith('http://localhost:4321/'))).toBe(true);
    for (const path of ['/kk/', '/ru/privacy', '/en/terms']) expect(locs).toContain(`http://localhost:4321${path}`);
    expect(locs.filter((l) => /\/courses\/[^/]+\/[^/]+\/$/.test(l)).length).toBeGreaterThan(10);
    // Private pages by their first segment: a course may well be called train-the-trainer.
    const privatePage = /^\/[a-z]{2}\/(account|admin|trainer|login|register)(\/|$)/;
    expect(locs.filter((l) => privatePage.test(new URL(l).pathname))).toEqual([]);
    expect(privatePage.test('/en/trainer/cohorts')).toBe(true);
    for (const loc of locs.filter((_, i) => i % 25 === 0)) {
      expect((await fetch(`${baseURL}${new URL(loc).pathname}`)).status, loc).toBe(200);
    }
  });

  test('robots.txt keeps crawlers out of accounts, admin and trainer areas and names the sitemap', async () => {
    const txt = await (await fetch(`${baseURL}/robots.txt`)).text();
    for (const line of ['Disallow: /kk/account', 'Disallow: /ru/admin/', 'Disallow: /en/trainer/'])
      expect(txt).toContain(line);
    expect(txt).toContain('Sitemap: http://localhost:4321/sitemap.xml');
  });
});
