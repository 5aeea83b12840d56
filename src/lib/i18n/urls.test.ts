import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateUrls } from '#lib/certificates/urls.ts';
import { loginPath } from '#lib/http/redirects.ts';
import { paths } from './urls.ts';

describe('paths: every URL of the site in one place', () => {
  it('spells the trainer, admin and join pages', () => {
    expect(paths.trainerCourse('kk', 'urban-basics')).toBe('/kk/trainer/courses/urban-basics/');
    expect(paths.trainerCohort('ru', 'c1')).toBe('/ru/trainer/cohorts/c1');
    expect(paths.join('en', 'ABCD2345')).toBe('/en/join/ABCD2345');
    expect(paths.adminReport('ru')).toBe('/ru/admin/report');
    expect(paths.adminReportCsv('ru')).toBe('/ru/admin/report.csv');
    expect(paths.adminAudit('kk')).toBe('/kk/admin/audit');
    expect(paths.adminAuditCsv('kk')).toBe('/kk/admin/audit.csv');
    expect(loginPath('ru', paths.adminAudit('ru'))).toBe('/ru/login?next=%2Fru%2Fadmin%2Faudit');
  });

  it('spells the public certificate addresses, with and without a language', () => {
    expect(paths.verify('ABCD-EFGH-JKMN')).toBe('/verify/ABCD-EFGH-JKMN');
    expect(paths.verify('ABCD-EFGH-JKMN', 'kk')).toBe('/verify/ABCD-EFGH-JKMN?lang=kk');
    expect(paths.verifyForm('kk')).toBe('/kk/verify');
    expect(paths.verifyForm('en')).toBe('/en/verify');
    expect(paths.certificatePdf('ABCD-EFGH-JKMN')).toBe('/certificates/ABCD-EFGH-JKMN.pdf');
    expect(paths.certificateCredential('ABCD-EFGH-JKMN')).toBe('/certificates/ABCD-EFGH-JKMN.json');
    expect(paths.certificateStatus('ABCD-EFGH-JKMN')).toBe('/certificates/ABCD-EFGH-JKMN/status');
  });

  it('gives the certificate (QR code, credential) the same addresses, under the base URL', () => {
    expect(certificateUrls('https://oqu.example.kz', 'ABCD-EFGH-JKMN')).toEqual({
      verify: 'https://oqu.example.kz/verify/ABCD-EFGH-JKMN',
      pdf: 'https://oqu.example.kz/certificates/ABCD-EFGH-JKMN.pdf',
      credential: 'https://oqu.example.kz/certificates/ABCD-EFGH-JKMN.json',
      status: 'https://oqu.example.kz/certificates/ABCD-EFGH-JKMN/status',
    });
  });
});

/** A route spelled by hand in code: `/${locale}/…`, `/verify…`, `/certificates/…` in a string or template. */
const HAND_WRITTEN_LINK = /[`'"]\/(?:\$\{(?:locale|l)\}\/|verify\b|certificates\/)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|astro)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Lines that write a link by hand, comments aside, as `file:line: text`. */
function handWrittenLinks(root: string, allowed: readonly string[]): string[] {
  return sourceFiles(root).flatMap((file) => {
    const name = relative(process.cwd(), file);
    if (allowed.includes(name)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ line: line.trim(), at: `${name}:${i + 1}` }))
      .filter(
        ({ line }) =>
          !line.startsWith('*') && !line.startsWith('/*') && !line.startsWith('//') && HAND_WRITTEN_LINK.test(line),
      )
      .map(({ line, at }) => `${at}: ${line}`);
  });
}

describe('links are written with paths', () => {
  it('finds a link written by hand (the check can fail)', () => {
    expect(HAND_WRITTEN_LINK.test('<a href={`/${locale}/admin/report`}>')).toBe(true);
    expect(HAND_WRITTEN_LINK.test('Astro.redirect(`/verify/${code}?lang=${locale}`, 303)')).toBe(true);
    expect(HAND_WRITTEN_LINK.test('<a href={`/certificates/${c.code}.pdf`} download>')).toBe(true);
    expect(HAND_WRITTEN_LINK.test('<a href={paths.certificatePdf(c.code)} download>')).toBe(false);
  });

  it('no page, component or domain module spells a route itself', () => {
    expect(handWrittenLinks('src', ['src/lib/i18n/urls.ts'])).toEqual([]);
  });
});
