/**
 * `npm run bench` installs the programs its parts measure against where the machine allows (as
 * `.ci/run` does), and otherwise says at the top of its table which rows it could not measure and
 * why (issue: a run printed "n/a" for nginx deep in the table without saying it was missing).
 */
import { expect, test } from 'vitest';
import { makeRow, unmeasuredLines } from '../../bench/lib/report.ts';
import { missingTools, planInstall, type Tool } from '../../bench/lib/requirements.ts';

const tool = (name: string, parts: string[], present: boolean): Tool => ({
  name,
  debianPackage: name.toLowerCase(),
  parts,
  present: () => present,
});
const nginx = tool('nginx', ['http'], false);
const chromium = tool('Chromium', ['lighthouse'], false);

test('only the tools of the selected parts that are missing are asked for', () => {
  expect(missingTools([nginx, chromium, tool('sqld', ['replica'], true)], ['http', 'replica'])).toEqual([nginx]);
  expect(missingTools([nginx, chromium], ['mixed'])).toEqual([]);
});

test('root installs with apt-get, a user through password-less sudo, and nothing missing does nothing', () => {
  expect(planInstall([], { isRoot: false, hasApt: false, hasSudo: false })).toEqual({ kind: 'nothing' });
  expect(planInstall([nginx, chromium], { isRoot: true, hasApt: true, hasSudo: false })).toEqual({
    kind: 'install',
    command: ['apt-get', 'install', '-y', '--no-install-recommends', 'nginx', 'chromium'],
    packages: ['nginx', 'chromium'],
  });
  const asUser = planInstall([nginx], { isRoot: false, hasApt: true, hasSudo: true });
  expect(asUser.kind === 'install' && asUser.command.slice(0, 3)).toEqual(['sudo', '-n', 'apt-get']);
});

test('a machine where nothing can be installed gets the reason, not an attempt', () => {
  expect(planInstall([nginx], { isRoot: false, hasApt: true, hasSudo: false })).toEqual({
    kind: 'cannot',
    packages: ['nginx'],
    reason: 'not root and sudo asks for a password',
  });
  expect(planInstall([nginx], { isRoot: true, hasApt: false, hasSudo: false })).toMatchObject({ kind: 'cannot' });
});

test('rows a part could not measure are listed with their reason; a measured "none" is not', () => {
  const rows = [
    makeRow({ part: '2 Lighthouse', metric: 'catalogue', value: null, unit: '', text: 'skipped: no Chromium' }),
    makeRow({
      part: '3 HTTP',
      metric: 'static lesson, req/s',
      value: 4963,
      unit: 'req/s',
      baseline: { label: 'nginx', value: null, text: 'not installed' },
    }),
    makeRow({ part: '4b Mixed', metric: 'highest rate held', value: null, unit: 'req/s' }),
    makeRow({ part: '3 HTTP', metric: 'quiz, req/s', value: 623, unit: 'req/s' }),
  ];
  expect(unmeasuredLines(rows)).toEqual([
    '2 Lighthouse, catalogue: skipped: no Chromium',
    '3 HTTP, static lesson, req/s, baseline nginx: not installed',
  ]);
});
