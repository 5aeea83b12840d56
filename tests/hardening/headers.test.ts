/**
 * 6. Security headers on everything the server answers: every server-rendered route of the
 * generated route list (as anonymous and as a signed-in learner) and every prerendered page
 * in the build (lessons, search: files served from dist/client by the node adapter). HTML
 * needs a Content-Security-Policy whose scripts exclude 'unsafe-inline' and that sets
 * frame-ancestors, plus X-Content-Type-Options: nosniff, a Referrer-Policy, a
 * Permissions-Policy that turns off camera, microphone, location and the like, and
 * `charset=utf-8` (Astro renders bare `text/html`); every other answer needs nosniff. HSTS
 * only comes with an HTTPS baseUrl (proxy-forms-and-limits.test.ts). Then Chromium loads the main pages and must report
 * no CSP violation.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser } from '../e2e/browser.ts';
import type { HttpResponse } from './lib/http.ts';
import { listRouteFiles } from './lib/routes.ts';
import { siteRoot } from './lib/site-build.ts';
import { concreteUrl, createWorld, type World } from './lib/world.ts';

const STRICT_REFERRER = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'origin'];

let w: World;
beforeAll(async () => {
  w = await createWorld('headers', { sessions: 2 });
});
afterAll(async () => {
  await w?.close();
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

/** What is wrong with the security headers of one answer (empty when nothing is). */
export function headerProblems(res: HttpResponse): string[] {
  const problems: string[] = [];
  const h = res.headers;
  if (String(h['x-content-type-options']).toLowerCase() !== 'nosniff')
    problems.push('no X-Content-Type-Options: nosniff');
  if (!String(h['content-type'] ?? '').includes('text/html')) return problems;
  const csp = h['content-security-policy'];
  if (!csp) return [...problems, 'no Content-Security-Policy'];
  const d = directives(String(csp));
  const scripts = d.get('script-src') ?? d.get('default-src');
  if (!scripts) problems.push('CSP without script-src or default-src');
  else if (scripts.some((v) => ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:'].includes(v)))
    problems.push(`CSP scripts allow ${scripts.join(' ')}`);
  if (!d.get('frame-ancestors')) problems.push('CSP without frame-ancestors');
  if (!d.get('object-src') && !(d.get('default-src') ?? []).includes("'none'")) problems.push('CSP without object-src');
  const referrer = String(h['referrer-policy'] ?? '');
  if (!STRICT_REFERRER.includes(referrer.split(',').pop()!.trim()))
    problems.push(`Referrer-Policy ${referrer || 'missing'}`);
  if (!/;\s*charset=utf-8/i.test(String(h['content-type'])))
    problems.push(`Content-Type ${h['content-type']} without charset=utf-8`);
  const permissions = String(h['permissions-policy'] ?? '');
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
    if (!new RegExp(`(^|,)\\s*${feature}=\\(\\)`).test(permissions))
      problems.push(`Permissions-Policy does not turn off ${feature}`);
  }
  // The suite's site is http://localhost:4321: HSTS there would pin a name that is not the site's.
  if (h['strict-transport-security']) problems.push('HSTS on a site whose baseUrl is plain HTTP');
  return problems;
}

test('server-rendered routes: every answer, anonymous and signed in, carries the headers', async () => {
  const routes = listRouteFiles().filter((r) => !r.prerendered && r.methods.includes('GET'));
  const bad: string[] = [];
  let checked = 0;
  for (const route of routes) {
    for (const cookie of [undefined, w.cookie('learner')]) {
      const url = concreteUrl(route.pattern, w);
      const res = await w.http.get(url, { cookie });
      checked++;
      const problems = headerProblems(res);
      if (problems.length)
        bad.push(`${url} (${cookie ? 'learner' : 'anonymous'}, ${res.status}): ${problems.join('; ')}`);
    }
  }
  // Error answers too: an unknown page, an unknown certificate.
  for (const url of ['/en/no-such-page', '/certificates/0000-0000-0000.pdf', '/verify/0000-0000-0000']) {
    const res = await w.http.get(url);
    checked++;
    const problems = headerProblems(res);
    if (problems.length) bad.push(`${url} (${res.status}): ${problems.join('; ')}`);
  }
  console.log(
    `[headers] server-rendered: ${checked} answers on ${routes.length} routes checked; with problems ${bad.length}`,
  );
  expect(bad).toEqual([]);
});

test('prerendered pages (lessons, search) and static files carry the same headers', async () => {
  const clientDir = join(siteRoot, 'dist', 'client');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const files = walk(clientDir).map((f) => `/${relative(clientDir, f).split('\\').join('/')}`);
  const pages = files.filter((f) => f.endsWith('/index.html')).map((f) => f.replace(/index\.html$/, ''));
  const assets = [
    ...files.filter((f) => /\.(css|js)$/.test(f) && !f.startsWith('/pagefind/')).slice(0, 20),
    '/favicon.svg',
  ];
  const bad: string[] = [];
  for (const url of [...pages, ...assets]) {
    const res = await w.http.get(url);
    const problems = res.status === 200 ? headerProblems(res) : [`status ${res.status}`];
    if (problems.length) bad.push(`${url}: ${problems.join('; ')}`);
  }
  console.log(
    `[headers] prerendered: ${pages.length} pages and ${assets.length} static files checked; ` +
      `with problems ${bad.length}${bad.length ? ` (first: ${bad[0]})` : ''}`,
  );
  expect(pages.length).toBeGreaterThan(50);
  expect(bad).toEqual([]);
});

test('Chromium reports no Content-Security-Policy violation on the main pages, and the quiz script runs', async () => {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const [name, value] = w.cookie('learner')!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: w.server.baseURL }]);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to|Permissions-Policy|Permissions Policy/i.test(m.text()))
        violations.push(`${page.url()}: ${m.text()}`);
    });
    const urls = [
      '/en/',
      '/kk/courses/urbanism/',
      '/en/courses/urbanism/wayfinding/',
      '/en/courses/urbanism/building-norms/',
      '/en/account',
      w.learnerAttemptPath,
      `/verify/${w.certificateCode}`,
      '/en/search/',
      '/en/login',
      '/en/admin/',
    ];
    for (const url of urls) {
      await page.goto(new URL(url, w.server.baseURL).href, { waitUntil: 'load' });
      await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    }
    // quiz.js fills the idempotency key on submit: it ran under the policy.
    await page.goto(new URL('/en/courses/urbanism/building-norms/', w.server.baseURL).href);
    await page.evaluate(() =>
      document.querySelector('form.quiz-form')?.addEventListener('submit', (e) => e.preventDefault()),
    );
    await page.locator('form.quiz-form button[type="submit"]').click();
    const key = await page.locator('form.quiz-form input[name="idempotencyKey"]').inputValue();
    console.log(
      `[headers] Chromium: ${urls.length} pages loaded, CSP violations ${violations.length}, quiz script key ` +
        `${key ? 'set' : 'NOT set'}`,
    );
    expect(violations).toEqual([]);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
  } finally {
    await browser.close();
  }
});
