/**
 * A partner who offers Kazakh and Russian only (like the Turkistan copy): the real server, built
 * once with such a configuration, leads nowhere English. Before, `/en/…` links (old bookmarks,
 * another host's pages) answered 404, and the catalogue said its courses were "in Kazakh,
 * Russian and English". Now `/en/…` is sent to the same page in the visitor's best offered
 * language, the home pages link to no English page, and the catalogue line names the languages
 * the site offers, in each language's grammar.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { buildSiteCopy, projectRoot, siteRoot } from './lib/site-build.ts';

const root = `${siteRoot}-kk-ru`;
const configFile = `${root}.config.yaml`;
let server: RunningServer;

/** The shipped configuration with English taken out: the texts keep their en lines (optional now). */
function kkRuConfig(): string {
  const shipped = readFileSync(`${projectRoot}/oqu.config.yaml`, 'utf8');
  return shipped
    .replace('enabled: [kk, ru, en]', 'enabled: [kk, ru]')
    .replace('fallback: [kk, ru, en]', 'fallback: [kk, ru]');
}

beforeAll(async () => {
  writeFileSync(configFile, kkRuConfig());
  const started = Date.now();
  buildSiteCopy({ root, env: { OQU_CONFIG: configFile } });
  console.log(`[kk-ru] built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  server = await startServer({ root, dataDir: makeDataDir('kk-ru'), env: { OQU_CONFIG: configFile } });
}, 900_000);
afterAll(async () => {
  await server?.stop();
});

const get = (path: string, language?: string) =>
  fetch(`${server.baseURL}${path}`, {
    redirect: 'manual',
    headers: language ? { 'accept-language': language } : {},
  });

describe('a kk+ru copy', () => {
  test('/en/ and a lesson under /en/ are sent to the same page in an offered language', async () => {
    const home = await get('/en/', 'ru-RU,ru;q=0.9,en;q=0.8');
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/ru/');
    expect((await get('/en/', 'en-US')).headers.get('location')).toBe('/kk/');
    const lesson = '/courses/urbanism/building-norms/';
    const moved = await get(`/en${lesson}`, 'ru');
    expect(moved.headers.get('location')).toBe(`/ru${lesson}`);
    expect((await get(`/ru${lesson}`)).status).toBe(200);
  });

  test('nothing on the home pages links to an English page; the catalogue line names Kazakh and Russian', async () => {
    for (const locale of ['kk', 'ru']) {
      const res = await get(`/${locale}/`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html.match(/(?:href|action)="[^"]*\/en(?:\/|")[^"]*"/g) ?? []).toEqual([]);
      expect(html).not.toMatch(/hreflang="en"/);
      expect(html).not.toMatch(/ағылшын|английск|English/);
    }
    expect(await (await get('/kk/')).text()).toContain('қазақ және орыс тілдеріндегі тегін курстар');
    expect(await (await get('/ru/')).text()).toContain('на казахском и русском языках');
  });

  test('a course page says "… team. Лицензия", not "team.Лицензия"', async () => {
    const text = (await (await get('/ru/courses/urbanism/')).text()).replace(/<[^>]+>/g, '');
    expect(text).toMatch(/\. Лицензия:/);
    expect(text).not.toMatch(/\.Лицензия/);
  });

  test('a code this site does not know gets a hint: the link printed on it, or the site that issued it', async () => {
    const res = await get('/verify/ZZZZ-ZZZZ-ZZZZ?lang=ru');
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/откройте напечатанную на нём ссылку[\s\S]*на сайте, который его выдал/);
  });

  test('the verify form answers at /kk/verify and /ru/verify in their language; /en/verify goes to one', async () => {
    const kk = await get('/kk/verify');
    expect(kk.status).toBe(200);
    expect(await kk.text()).toMatch(/<html lang="kk"[^>]*>[\s\S]*<h1>Сертификатты тексеру<\/h1>/);
    expect(await (await get('/ru/verify')).text()).toMatch(/<h1>Проверка сертификата<\/h1>/);
    expect((await get('/en/verify', 'ru')).headers.get('location')).toBe('/ru/verify');
    expect((await get('/verify', 'en-US')).headers.get('location')).toBe('/kk/verify');
  });

  test('"choose a language" names only the offered languages', async () => {
    const res = await fetch(`${server.baseURL}/ru/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseURL },
      body: new URLSearchParams({
        name: 'Әлия',
        email: 'lang@oqu.test',
        password: 'amber-steppe-lantern-4',
        locale: 'xx',
      }),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Выберите язык: казахский или русский.');
    expect(html).not.toMatch(/английск/);
  });
});
