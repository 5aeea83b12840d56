import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ASSET_TYPES } from '#lib/courses/asset-types.mjs';
import { securityHeadersFor, STRICT_TRANSPORT_SECURITY } from '#lib/http/headers.ts';
import { nginxConfig, parseNginxArgs, siteHeaders } from './nginx-config.ts';
import { headersForPath } from './server/path-headers.mjs';

const projectRoot = join(import.meta.dirname, '..', '..');
const options = { serverName: 'learn.example.kz', root: '/srv/oqu/dist/client', upstreams: ['127.0.0.1:4321'] };
const site = siteHeaders(projectRoot);
const config = nginxConfig(projectRoot, options, site);

/** The lines of the location whose opening line is `opening` (up to its closing brace at the same indent). */
function location(opening: string): string[] {
  const lines = config.split('\n');
  const start = lines.findIndex((l) => l.trim() === opening);
  if (start < 0) throw new Error(`no ${opening}`);
  const indent = lines[start]!.length - lines[start]!.trimStart().length;
  const end = lines.findIndex((l, i) => i > start && l === `${' '.repeat(indent)}}`);
  return lines.slice(start + 1, end).map((l) => l.trim());
}

const courseAsset = (kind: 'inline' | 'download'): string => {
  const line = config.split('\n').find((l) => l.includes('location ~* "^/course-assets/') && l.includes('?<asset>'));
  const inline = config.split('\n').find((l) => l.includes('location ~* "^/course-assets/') && l !== line);
  return (kind === 'inline' ? inline : line)!.trim();
};

describe('nginx-config', () => {
  test("every static location sends each of Oqu's site-wide headers, HSTS included", () => {
    expect(site).toEqual({
      ...securityHeadersFor('http://localhost:4321'),
      'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY,
    });
    for (const opening of ['location / {', 'location /_astro/ {', courseAsset('inline'), courseAsset('download')]) {
      const body = location(opening);
      for (const [name, value] of Object.entries(site)) {
        const own = opening.includes('course-assets')
          ? (headersForPath('/course-assets/c/a.png')[name] ?? value)
          : value;
        expect(body, `${opening} ${name}`).toContain(`add_header ${name} "${own}" always;`);
      }
      expect(
        body.some((l) => l.startsWith('try_files ') && l.endsWith(' @oqu;')),
        opening,
      ).toBe(true);
    }
  });

  test('a changed header table changes the configuration', () => {
    const changed = nginxConfig(projectRoot, options, { ...site, 'X-New-Header': 'on' });
    expect(changed.split('add_header X-New-Header "on" always;').length - 1).toBe(4);
  });

  test('course assets: each allowed kind with its type, inline or as a download under its own name', () => {
    const inline = courseAsset('inline');
    const download = courseAsset('download');
    const types = location('location /course-assets/ {');
    for (const [ext, type] of Object.entries(ASSET_TYPES)) {
      const mime = type.mime.split(';')[0]!;
      expect(
        types.some((l) => l.startsWith(`${mime} `) && l.slice(0, -1).split(' ').includes(ext)),
        ext,
      ).toBe(true);
      expect(new RegExp(`[|(:]${ext}[|)]`).test(type.inline ? inline : download), ext).toBe(true);
    }
    expect(location(download)).toContain('add_header Content-Disposition "attachment; filename=\\"$asset\\"" always;');
    expect(location(inline)).toContain('add_header Content-Disposition "inline" always;');
    // The same patterns in JavaScript: dot files and names Oqu rewrites do not match (they go to Oqu).
    const pattern = (line: string) => new RegExp(/"(.*)"/.exec(line)![1]!, 'i');
    const matches = (path: string) => [pattern(inline).test(path), pattern(download).test(path)];
    expect(matches('/course-assets/c/photo.PNG')).toEqual([true, false]);
    expect(matches('/course-assets/c/sub/handout-v2.pdf')).toEqual([false, true]);
    for (const path of ['/course-assets/c/.x.png', '/course-assets/c/.png', '/course-assets/c/.a/x.png'])
      expect(matches(path), path).toEqual([false, false]);
    for (const path of ['/course-assets/c/.x.pdf', '/course-assets/c/hand out.pdf', '/course-assets/c/x.js'])
      expect(matches(path), path).toEqual([false, false]);
    // Anything else under /course-assets/ goes to Oqu.
    expect(types).toContain('return 418;');
  });

  test('the cache headers of Astro’s Node adapter, and the rest to Oqu', () => {
    expect(location('location /_astro/ {')).toContain(
      'add_header Cache-Control "public, max-age=31536000, immutable" always;',
    );
    expect(location('location / {')).toContain('add_header Cache-Control "public, max-age=0" always;');
    expect(location('location / {')).toContain('try_files $uri $uri/index.html @oqu;');
    expect(location('location @oqu {')).toContain('proxy_pass http://127.0.0.1:4321;');
    expect(config).toContain('  if ($request_method !~ ^(?:GET|HEAD)$) {\n    return 418;\n  }');
    expect(config).toContain('  client_max_body_size 201m;');
    expect(config).toContain('  root /srv/oqu/dist/client;');
  });

  test('several upstreams make an upstream block with keep-alive', () => {
    const several = nginxConfig(projectRoot, { ...options, upstreams: ['10.0.0.11:4321', '10.0.0.12:4321'] }, site);
    expect(several).toContain('upstream oqu {\n  server 10.0.0.11:4321;\n  server 10.0.0.12:4321;\n  keepalive 32;\n}');
    expect(several).toContain(
      '    proxy_pass http://oqu;\n    proxy_http_version 1.1;\n    proxy_set_header Connection "";',
    );
  });

  test('arguments: a server name is needed; a root or upstream that would break the file is refused', () => {
    expect(parseNginxArgs(projectRoot, ['--server-name', 'a.kz'])).toEqual({
      serverName: 'a.kz',
      root: join(projectRoot, 'dist', 'client'),
      upstreams: ['127.0.0.1:4321'],
    });
    expect(() => parseNginxArgs(projectRoot, [])).toThrow(/--server-name/);
    expect(() => parseNginxArgs(projectRoot, ['--server-name', 'a.kz;'])).toThrow(/--server-name/);
    expect(() => parseNginxArgs(projectRoot, ['--server-name', 'a.kz', '--root', '/srv/x; y'])).toThrow(/--root/);
    expect(() => parseNginxArgs(projectRoot, ['--server-name', 'a.kz', '--upstream', 'x; y'])).toThrow(/--upstream/);
  });
});
