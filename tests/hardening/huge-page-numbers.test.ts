/**
 * `?page=` with numbers nobody can page to (`1e308`, `-1`, `999999999999`, `Infinity`, 400
 * digits) answered 500 on the trainer's pages and exports: the offset became Infinity or
 * failed validation. Every server-rendered route of the generated list is swept with each
 * value, as the trainer and as the admin; none may answer 5xx.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { leakIn } from './lib/checks.ts';
import { listRouteFiles } from './lib/routes.ts';
import { concreteUrl, createWorld, type World } from './lib/world.ts';

const VALUES = [
  '1e308',
  '-1',
  '999999999999',
  '1.5',
  '0',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x7fffffff',
  '9'.repeat(400),
  '1e-308',
  '2',
];

let w: World;
beforeAll(async () => {
  w = await createWorld('huge-pages', { sessions: 4 });
});
afterAll(async () => {
  await w?.close();
});

test('no route answers 5xx to a huge, negative or odd ?page=', async () => {
  const routes = listRouteFiles().filter((r) => !r.prerendered && r.methods.includes('GET'));
  const failures: string[] = [];
  let requests = 0;
  for (const route of routes) {
    const base = concreteUrl(route.pattern, w);
    for (const value of VALUES) {
      for (const role of ['trainer', 'admin'] as const) {
        const url = `${base}${base.includes('?') ? '&' : '?'}page=${encodeURIComponent(value)}`;
        const res = await w.http.get(url, { cookie: w.cookie(role) });
        requests++;
        if (res.status >= 500 || leakIn(res)) failures.push(`${url} as ${role}: ${res.status}`);
      }
    }
  }
  console.log(
    `[huge-page-numbers] ${routes.length} routes × ${VALUES.length} values × 2 roles = ${requests} requests; ` +
      `failures ${failures.length}${failures.length ? `: ${failures.slice(0, 8).join('; ')}` : ''}`,
  );
  expect(failures).toEqual([]);
});
