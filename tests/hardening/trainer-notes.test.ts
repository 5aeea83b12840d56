/**
 * Trainer notes are for the course's trainers and admins only (issue #19): the trainer of
 * urbanism and an admin read them; a learner, another course's trainer and a visitor do not;
 * and no file of the public build output (dist/client, served to anyone) contains the notes of
 * any course.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { projectRoot, siteRoot } from './lib/site-build.ts';
import { createWorld, type World } from './lib/world.ts';

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
