/**
 * Debian's Chromium driven by playwright-core (a test tool's own browser download cannot work
 * on these machines). Flags keep it from reaching for the network at start; playwright gives
 * each launch a fresh temporary profile.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium was not found at ${executablePath}: install it (sudo apt-get install -y chromium) or set ` +
        `CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 740 }, ...options });
}

/** axe-core violations (WCAG 2.x A and AA) on the current page, summarised for an assertion. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join('; ')})`,
  );
}

/** How wide the page is: at most the phone's 390 px when nothing scrolls sideways. */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/**
 * A page in a context of its own (a phone, 390 px wide, unless `desktop`), signed in through the real English form
 * at `baseURL` and waiting on the account page.
 */
export async function signedInPage(
  browser: Browser,
  baseURL: string,
  who: { email: string; password: string },
  options: { javaScript?: boolean; desktop?: boolean } = {},
): Promise<Page> {
  const context = await newContext(browser, {
    javaScriptEnabled: options.javaScript ?? true,
    viewport: options.desktop ? { width: 1280, height: 900 } : { width: 390, height: 844 },
  });
  const page = await context.newPage();
  await page.goto(`${baseURL}/en/login`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/en\/account$/);
  return page;
}
