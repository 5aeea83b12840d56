/**
 * Trainer notes are for the course's trainers and admins only (issue #19): the trainer of
 * urbanism and an admin read them; a learner, another course's trainer and a visitor do not;
 * no file of the public build output (dist/client, served to anyone) contains the notes of
 * any course; and the public routes that serve whole courses (the course feed and the bundles
 * it lists, decision 054) give no bundle, so neither notes nor quiz answer keys, to anyone but a
 * trusted partner host (decision 060).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { projectRoot, siteRoot } from './lib/site-build.ts';
import { clientAddress } from './lib/http.ts';
import { createWorld, ROLES, type World } from './lib/world.ts';

const coursesDir = join(projectRoot, 'courses');
/** Every notes file of every course, as `<course>/<lesson>.<locale>.md`. */
const notesFiles = readdirSync(coursesDir).flatMap((course) => {
  const dir = join(coursesDir, course, 'trainer-notes');
  return existsSync(dir) ? readdirSync(dir).map((f) => `${course}/${f}`) : [];
});
/** One distinctive line of each notes file: its first list item without quotes (escaped in the server's bundle). */
const markers = notesFiles.map((f) => {
  const [course, name] = f.split('/');
  const text = readFileSync(join(coursesDir, course!, 'trainer-notes', name!), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('- ') && !/["'`\\]/.test(l.slice(0, 62)));
  return { file: f, marker: line!.slice(2, 60) };
});

let w: World;
beforeAll(async () => {
  w = await createWorld('trainer-notes', { sessions: 2 });
});
afterAll(async () => {
  await w?.close();
});

test('the course trainer and an admin read the notes; others get no notes', async () => {
  const wayfinding = markers.find((m) => m.file === 'urbanism/wayfinding.en.md')!.marker;
  const url = '/en/trainer/courses/urbanism/notes';
  for (const role of ['trainer', 'admin'] as const) {
    const res = await w.http.get(url, { cookie: w.cookie(role) });
    expect(res.status, role).toBe(200);
    expect(res.text, role).toContain(wayfinding);
    expect(res.headers['cache-control'], role).toContain('no-store');
  }
  for (const role of ['learner', 'otherTrainer', 'anonymous'] as const) {
    const res = await w.http.get(url, { cookie: w.cookie(role) });
    expect([303, 403], role).toContain(res.status);
    expect(res.text, role).not.toContain(wayfinding);
  }
  const kk = await w.http.get('/kk/trainer/courses/urbanism/notes', { cookie: w.cookie('trainer') });
  expect(kk.text).toContain(markers.find((m) => m.file === 'urbanism/wayfinding.kk.md')!.marker);
});

test('no file of the public build output contains trainer notes', () => {
  const clientDir = join(siteRoot, 'dist', 'client');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const files = walk(clientDir);
  expect(files.length).toBeGreaterThan(100);
  expect(new Set(markers.map((m) => m.file.split('/')[0])).size).toBeGreaterThanOrEqual(4);
  const leaks: string[] = [];
  for (const file of files) {
    const text = readFileSync(file).toString('utf8');
    for (const { file: notes, marker } of markers) if (text.includes(marker)) leaks.push(`${file}: ${notes}`);
  }
  expect(leaks).toEqual([]);
  // They are in the build, for the server to render: the markers are real text of the output.
  const server = walk(join(siteRoot, 'dist', 'server')).map((f) => readFileSync(f).toString('utf8'));
  expect(markers.filter(({ marker }) => !server.some((t) => t.includes(marker)))).toEqual([]);
});

/** The body as text, unpacked when it is gzip (a bundle). */
const bodyText = (body: Buffer): string =>
  body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body).toString('utf8') : body.toString('utf8');

test('the public routes never serve trainer notes or answer keys: no bundle but to a partner', async () => {
  const feed = await w.http.get('/.well-known/oqu-courses.json');
  expect(feed.status).toBe(200);
  const payload = JSON.parse(
    Buffer.from((JSON.parse(feed.text) as { payload: string }).payload, 'base64url').toString(),
  );
  const listed = (payload as { courses: { bundle: { url: string } }[] }).courses.map(
    (c) => new URL(c.bundle.url).pathname,
  );
  expect(listed.length).toBeGreaterThan(0);
  const courses = new Set(notesFiles.map((f) => f.split('/')[0]!));
  const urls = [...new Set([...listed, ...[...courses].map((c) => `/course-bundles/${c}.oqu-course.json.gz`)])];
  const leaks: string[] = [];
  const served: string[] = [];
  for (const url of urls)
    for (const role of ROLES)
      for (const headers of [{}, { Authorization: 'Bearer not.a.token' }] as Record<string, string>[]) {
        // Each URL from its own address, so the per-address limit (429) does not stand in for the refusal.
        const res = await w.http.get(url, {
          cookie: w.cookie(role),
          headers,
          from: clientAddress(9000 + urls.indexOf(url)),
        });
        expect(res.status, `${url} as ${role}`).not.toBe(429);
        if (res.status === 200) served.push(`${url} as ${role}`);
        const text = bodyText(res.body);
        for (const { file, marker } of markers) if (text.includes(marker)) leaks.push(`${url} as ${role}: ${file}`);
        if (/correct:\s*true|\baccept:\s/.test(text)) leaks.push(`${url} as ${role}: answer keys`);
      }
  // The feed itself lists courses, never their files.
  for (const { file, marker } of markers) if (feed.text.includes(marker)) leaks.push(`feed: ${file}`);
  expect(leaks).toEqual([]);
  expect(served).toEqual([]);
});
