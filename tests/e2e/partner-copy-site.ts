/**
 * The pieces of the partner-copy scenario (partner-copy.test.ts): a kk+ru partner's
 * configuration and pages as its IT person writes them, a second Oqu host that trusts the
 * partner's new address, and the commands a host runs in its copy (`oqu …`, the build), each
 * with the copy's own database, keys and `oqu.config.yaml` (never the suite's OQU_CONFIG).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '..', '..');

/** The partner's look and pages, as the test checks them. */
export const HUB = {
  brand: '#0b5d4b',
  footer: { kk: 'Түркістан облысы, тіркеу № 0042', ru: 'Туркестанская область, регистрация № 0042' },
  privacyKk: '# «Түркістан оқу хабының» құпиялылық саясаты\n\nДеректерді ЖШС «Хаб» өңдейді.\n',
  aboutRu: '# О хабе\n\nУчебный центр Туркестана.\n',
  logo: '/branding/hub.png',
  hidden: 'hidden-pilot',
  listed: 'two-languages',
};

/** A kk+ru partner's whole configuration: no English anywhere. */
export function hubConfig(baseUrl: string): string {
  return `name:
  kk: Түркістан оқу хабы
  ru: Туркестанский учебный хаб
region:
  kk: Түркістан
  ru: Туркестан
partner:
  name:
    kk: Түркістан оқу хабы
    ru: Туркестанский учебный хаб
  url: https://hub.example.kz/
logo: ${HUB.logo}
baseUrl: ${baseUrl}
locales:
  default: kk
  enabled: [kk, ru]
  fallback: [kk, ru]
contact:
  email: info@hub.example.kz
certificate:
  signatoryName: Гүлнар Әбенова
  signatoryTitle:
    kk: Директор
    ru: Директор
trustedHosts: []
colors:
  brand: '${HUB.brand}'
footer:
  kk: ${HUB.footer.kk}
  ru: ${HUB.footer.ru}
courses:
  hidden: [${HUB.hidden}]
`;
}

/** The partner's additions to a fresh copy: its courses, configuration, pages and logo. */
export function setUpHub(root: string, baseUrl: string): void {
  for (const course of [HUB.hidden, HUB.listed])
    cpSync(join(projectRoot, 'tests', 'fixtures', 'e2e-courses', course), join(root, 'courses', course), {
      recursive: true,
    });
  writeFileSync(join(root, 'oqu.config.yaml'), hubConfig(baseUrl));
  mkdirSync(join(root, 'pages'));
  writeFileSync(join(root, 'pages', 'privacy.kk.md'), HUB.privacyKk);
  writeFileSync(join(root, 'pages', 'about.ru.md'), HUB.aboutRu);
  copyFileSync(join(root, 'public', 'branding', 'logo.png'), join(root, 'public', HUB.logo));
}

/** A second host (Pavlodar): the shipped configuration at its own address, trusting `trusted`. */
export function setUpSecondHost(root: string, baseUrl: string, trusted: string): void {
  const shipped = readFileSync(join(projectRoot, 'oqu.config.yaml'), 'utf8');
  writeFileSync(
    join(root, 'oqu.config.yaml'),
    shipped
      .replace(/^baseUrl: .*$/m, `baseUrl: ${baseUrl}`)
      .replace(/^trustedHosts: .*$/m, `trustedHosts: ['${trusted}']`),
  );
}

/** Replaces `baseUrl` in the copy's configuration (the partner's move). */
export function moveHub(root: string, baseUrl: string): void {
  const file = join(root, 'oqu.config.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^baseUrl: .*$/m, `baseUrl: ${baseUrl}`));
}

/** The environment of a copy's commands: its own database, keys and configuration file. */
export function copyEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: `file:${join(dataDir, 'oqu.db')}`,
    OQU_KEYS_DIR: join(dataDir, 'keys'),
    OQU_CONFIG: '',
    ASTRO_TELEMETRY_DISABLED: '1',
    PATH: `${join(projectRoot, 'node_modules', '.bin')}:${process.env.PATH}`,
    ...extra,
  };
}

/** `npm run oqu -- <args>` in the copy. */
export function oqu(
  root: string,
  dataDir: string,
  args: string[],
  extra: Record<string, string> = {},
): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, ['src/cli/oqu.ts', ...args], {
    cwd: root,
    env: copyEnv(dataDir, extra),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** `npm run build` in the copy (after a configuration change). */
export function rebuild(root: string, dataDir: string): void {
  execFileSync(process.execPath, ['src/cli/build-site.ts'], {
    cwd: root,
    env: copyEnv(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The course addresses a catalogue page links to. */
export function courseLinks(html: string, locale: string): string[] {
  const found = [...html.matchAll(new RegExp(`href="/${locale}/courses/([a-z0-9-]+)/"`, 'g'))].map((m) => m[1]!);
  return [...new Set(found)].sort();
}

/** `#rrggbb` as Chromium reports a computed colour. */
export function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** The interface texts of a language, for locating elements by their words. */
export function texts(locale: 'kk' | 'ru'): Record<string, string> {
  return JSON.parse(readFileSync(join(projectRoot, 'src', 'lib', 'i18n', `${locale}.json`), 'utf8')) as Record<
    string,
    string
  >;
}
