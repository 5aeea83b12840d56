/**
 * nginx serves the build's public files itself (README "Reverse proxy": the server blocks of
 * `npm run oqu -- nginx-config`, decision 057), with the headers Oqu gives them, and hands Oqu
 * the rest. For each path, nginx's answer has the status, the headers (every one but those that
 * differ per request or per server: date, ETag, lengths, X-Request-Id) and, for a file, the bytes
 * of Oqu's own answer. Files of the build are served by nginx (no X-Request-Id, which Oqu puts on
 * every answer; no line in Oqu's request log); rendered pages, forms and `/healthz` reach Oqu;
 * nothing outside dist/client (the server bundle, the database, courses/, trainer notes, keys)
 * can be fetched. A header Oqu adds that the configuration does not make nginx send fails here.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FIXTURE_PASSWORD } from '../fixtures/accounts.ts';
import { logEntries } from '../helpers/server.ts';
import { STATIC_EXTENSIONS } from '../../src/cli/nginx-config.ts';
import { courseInfo, passingForm, quizPath, randomKey } from './lib/courses.ts';
import { closeDatabase, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { HttpClient, sessionCookieOf, type HttpResponse } from './lib/http.ts';
import { buildHttpsSiteCopy, PUBLIC_ORIGIN, readmeUnitSetting, startReadmeNginx, type Nginx } from './lib/proxy.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

const COOKIE = '__Host-oqu_session';
/** Headers that differ per request or per server, not per path. */
const PER_ANSWER = ['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'etag'];
PER_ANSWER.push('last-modified', 'server', 'x-request-id', 'set-cookie');

let root: string;
let server: RunningServer;
let nginx: Nginx;
let direct: HttpClient;
let trainee: SeedUser;

/** Course assets of kinds the courses lack: an image, a PDF, and a PDF whose name Oqu rewrites. */
function addCourseAssets(client: string): string[] {
  const dir = join(client, 'course-assets', 'urbanism');
  copyFileSync(join(client, 'branding', 'logo.png'), join(dir, 'street-photo.png'));
  const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  writeFileSync(join(dir, 'handout.pdf'), pdf);
  writeFileSync(join(dir, 'handout (v2).pdf'), pdf);
  return ['street-photo.png', 'handout.pdf', 'handout%20(v2).pdf'].map((f) => `/course-assets/urbanism/${f}`);
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

let assets: string[];
beforeAll(async () => {
  root = buildHttpsSiteCopy();
  assets = addCourseAssets(join(root, 'dist', 'client'));
  const dataDir = makeDataDir('nginx-static');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  [trainee] = (await seedUsers(db, [{ email: 'static@oqu.test', name: 'Static Trainee' }], COOKIE)) as [SeedUser];
  closeDatabase(db);
  server = await startServer({
    dataDir,
    root,
    env: { HOST: readmeUnitSetting('HOST'), TRUSTED_PROXIES: readmeUnitSetting('TRUSTED_PROXIES') },
  });
  direct = new HttpClient(server.baseURL);
  nginx = await startReadmeNginx(server.port, join(dataDir, 'nginx'), root);
});

afterAll(async () => {
  direct?.close();
  await nginx?.stop();
  await server?.stop();
});

/** An answer's headers as compared: lower-case names, every one but PER_ANSWER. */
function compared(res: HttpResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers))
    if (!PER_ANSWER.includes(name)) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  return out;
}

/** Request lines in Oqu's log so far. */
const requestLines = (): number => logEntries(server.log()).filter((e) => e.method && e.status).length;

/**
 * nginx's answer to `path` and Oqu's own to a GET of it (a HEAD has a GET's headers; Oqu's own
 * HEAD of an /_astro/ file lacks the year-long Cache-Control of its GET, which Astro's adapter
 * sets only when the file streams), and whether Oqu answered the one through nginx.
 */
async function both(path: string, method: 'GET' | 'HEAD' = 'GET', cookie?: string) {
  const proxied = await nginx.request(method, path, { cookie });
  const own = await direct.request('GET', path, { cookie, headers: { Host: 'learn.example.kz' } });
  return { proxied, own, byOqu: proxied.headers['x-request-id'] !== undefined };
}

test('files of the build: served by nginx, as Oqu serves them', async () => {
  const client = join(root, 'dist', 'client');
  const file = (dir: string, pattern: RegExp) => readdirSync(join(client, dir)).find((f) => pattern.test(f));
  // The search index when the copy has one (`npm run build` makes it; the HTTPS copy is `astro build` alone).
  const index = existsSync(join(client, 'pagefind')) ? [`/pagefind/${file('pagefind', /\.pf_meta$/)}`] : [];
  const paths = [
    ...['kk', 'ru', 'en'].map((l) => `/${l}/courses/urbanism/wayfinding/`),
    '/en/courses/urbanism/wayfinding',
    `/_astro/${file('_astro', /\.css$/)}`,
    `/scripts/${file('scripts', /\.js$/)}`,
    ...index,
    '/course-assets/urbanism/tree-monitoring-template.csv',
    '/course-assets/example-course/course-structure.svg',
    '/course-assets/example-course/lesson-planning-template.md',
    ...assets.slice(0, 2),
    '/favicon.svg',
    '/robots.txt',
    '/sitemap.xml',
  ];
  const before = requestLines();
  const differing: string[] = [];
  for (const path of paths) {
    for (const method of ['GET', 'HEAD'] as const) {
      const { proxied, own, byOqu } = await both(path, method);
      expect(own.status, `${method} ${path} from Oqu`).toBe(200);
      if (byOqu) differing.push(`${method} ${path}: answered by Oqu, not nginx`);
      if (proxied.status !== own.status) differing.push(`${method} ${path}: status ${proxied.status} ≠ ${own.status}`);
      expect.soft(compared(proxied), `${method} ${path}`).toEqual(compared(own));
      if (method === 'GET' && !proxied.body.equals(own.body)) differing.push(`GET ${path}: other bytes`);
    }
  }
  await new Promise((r) => setTimeout(r, 300));
  const oquSaw = requestLines() - before - paths.length * 2;
  console.log(`[nginx-static] ${paths.length} files × GET/HEAD: Oqu's log has ${oquSaw} of nginx's answers`);
  expect(differing).toEqual([]);
  expect(oquSaw, "nginx's answers that reached Oqu").toBe(0);
  // A course asset of each kind: an image shown inline, downloads under their own name.
  const photo = await nginx.request('GET', assets[0]!);
  expect([photo.headers['content-type'], photo.headers['content-disposition']]).toEqual(['image/png', 'inline']);
  const pdf = await nginx.request('GET', assets[1]!);
  expect(pdf.headers['content-disposition']).toBe('attachment; filename="handout.pdf"');
  expect(pdf.headers['content-security-policy']).toMatch(/sandbox/);
});

test('rendered pages, redirects, unknown paths, a name Oqu rewrites: answered by Oqu, the same via nginx', async () => {
  const cookie = trainee.cookies[0]!;
  const cases: [string, string | undefined][] = [
    ['/', undefined],
    ['/en', undefined],
    ['/en/courses/urbanism/', undefined],
    ['/en/courses/urbanism/', cookie],
    ['/en/account', cookie],
    ['/en/no-such-page', undefined],
    ['/no-such-file.png', undefined],
    ['/_astro/no-such.js', undefined],
    ['/course-assets/urbanism/no-such.pdf', undefined],
    [assets[2]!, undefined],
    ['/.well-known/jwks.json', undefined],
    ['/healthz', undefined],
  ];
  const differing: string[] = [];
  for (const [path, who] of cases) {
    const { proxied, own, byOqu } = await both(path, 'GET', who);
    const label = `${path}${who ? ' (signed in)' : ''}`;
    if (!byOqu) differing.push(`${label}: not answered by Oqu`);
    if (proxied.status !== own.status) differing.push(`${label}: status ${proxied.status} ≠ ${own.status}`);
    expect.soft(compared(proxied), label).toEqual(compared(own));
  }
  expect(differing).toEqual([]);
  expect((await nginx.request('GET', assets[2]!)).headers['content-disposition']).toBe(
    'attachment; filename="handout__v2_.pdf"',
  );
});

test('forms reach Oqu through nginx, the cross-site check passing', async () => {
  const signIn = await nginx.request('POST', '/en/login', {
    body: { email: trainee.email, password: FIXTURE_PASSWORD, next: '/en/account' },
    from: '127.70.0.1',
  });
  expect(signIn.status, signIn.text.slice(0, 200)).toBe(303);
  const cookie = sessionCookieOf(signIn);
  const quiz = Object.values(courseInfo('urbanism').quizzes)[0]!;
  const submitted = await nginx.request('POST', quizPath('urbanism', quiz.lesson), {
    body: passingForm(quiz.file, randomKey()),
    cookie,
    from: '127.70.0.1',
  });
  expect(submitted.status, submitted.text.slice(0, 200)).toBe(303);
  // A POST to a lesson's file goes to Oqu too, as it would without nginx.
  const lesson = '/en/courses/urbanism/wayfinding/';
  const posted = await nginx.request('POST', lesson, { body: { x: '1' } });
  const own = await direct.request('POST', lesson, { body: { x: '1' }, headers: { Origin: PUBLIC_ORIGIN } });
  expect([posted.status, posted.headers['x-request-id'] !== undefined]).toEqual([own.status, true]);
});

test('nothing outside dist/client can be fetched, and dist/client holds nothing private', async () => {
  const secrets = [
    readFileSync(join(root, 'dist', 'server', 'entry.mjs'), 'utf8').slice(0, 40),
    readFileSync(join(root, 'oqu.config.yaml'), 'utf8').slice(0, 40),
    'SQLite format 3',
  ];
  const notes = readdirSync(join(root, 'courses', 'urbanism', 'trainer-notes'))[0]!;
  const paths = [
    '/../server/entry.mjs',
    '/%2e%2e/server/entry.mjs',
    '/..%2fserver%2fsecurity-headers.json',
    '/dist/server/entry.mjs',
    '/server/entry.mjs',
    '/%2e%2e/%2e%2e/oqu.config.yaml',
    '/oqu.config.yaml',
    '/data/oqu.db',
    '/courses/urbanism/course.yaml',
    `/courses/urbanism/trainer-notes/${notes}`,
    `/course-assets/urbanism/../../../courses/urbanism/trainer-notes/${notes}`,
    `/course-assets/urbanism/%2e%2e/%2e%2e/%2e%2e/courses/urbanism/trainer-notes/${notes}`,
    `/course-assets/urbanism/trainer-notes/${notes}`,
    '/package.json',
    '/.env',
  ];
  const fetched: string[] = [];
  for (const path of paths) {
    const res = await nginx.request('GET', path);
    if (res.status < 400 || secrets.some((s) => res.text.includes(s))) fetched.push(`${path}: ${res.status}`);
  }
  expect(fetched).toEqual([]);
  const files = walk(join(root, 'dist', 'client')).map((f) => relative(join(root, 'dist', 'client'), f));
  const privateFiles = files.filter((f) => /trainer-notes|\.db$|\.pem$|\.key$|(^|\/)\.|oqu\.config/.test(f));
  expect(privateFiles).toEqual([]);
  // Every kind of file the build holds has nginx's type for it (or is the octet-stream both send).
  const kinds = new Set(files.filter((f) => !f.startsWith('course-assets/')).map((f) => extname(f).slice(1)));
  const unknown = [...kinds].filter((k) => !STATIC_EXTENSIONS.includes(k) && !/^(pf_|pagefind$)/.test(k));
  expect(unknown, "kinds of file in dist/client that nginx-config's STATIC_EXTENSIONS lacks").toEqual([]);
});
