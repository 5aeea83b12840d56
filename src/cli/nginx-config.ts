/**
 * `oqu nginx-config`: the nginx server blocks for a copy behind nginx (README, "Reverse proxy";
 * decision 057). nginx serves the build's public files (dist/client) itself, with the headers
 * Oqu would send for them, made here from Oqu's own tables: the site-wide security headers
 * (src/lib/http/headers.ts, as the build writes them), a course asset's headers
 * (server/path-headers.mjs), the content types of the `send` module that serves them inside Oqu,
 * and the cache headers of Astro's Node adapter. Everything else (pages rendered per request,
 * forms, anything not a file of the build, any method but GET and HEAD) goes to Oqu. A change to
 * one of those tables changes this output: make it again after upgrading Oqu.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { securityHeadersFor, STRICT_TRANSPORT_SECURITY } from '#lib/http/headers.ts';
import { ASSET_TYPES } from '#lib/courses/asset-types.mjs';
import { loadSiteConfigFile } from '#lib/site/config.ts';
import { BODY_LIMITS, DEFAULT_BODY_LIMIT } from './server/body-limit.mjs';
import { COURSE_ASSETS, headersForPath } from './server/path-headers.mjs';

/** Kinds of file a build's dist/client holds (Astro's output, Pagefind, public/, branding); others are octet-stream. */
export const STATIC_EXTENSIONS = [
  ...['html', 'css', 'js', 'mjs', 'json', 'xml', 'txt', 'svg', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'ico'],
  ...['woff', 'woff2', 'wasm', 'webmanifest', 'map'],
];

/** Astro's Node adapter: its hashed assets are cached for a year, every other file revalidated (`send`'s default). */
export const ASTRO_ASSETS = '/_astro/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0';

export interface NginxOptions {
  serverName: string;
  /** Absolute path of the build's dist/client (through the `dist` link, so that a rebuild switches it). */
  root: string;
  /** Oqu's address(es): one proxies to it; several make an `upstream oqu` block. */
  upstreams: string[];
}

/** The type `send` (inside Astro's Node adapter) gives an extension, with its charset when it has one. */
function sendContentType(projectRoot: string): (ext: string) => string | false {
  const adapter = createRequire(join(projectRoot, 'node_modules', '@astrojs', 'node', 'package.json'));
  const mime = createRequire(adapter.resolve('send'))('mime-types') as { contentType: (t: string) => string | false };
  return (ext) => mime.contentType(ext);
}

/** An nginx `types` block and the types nginx must add `charset=utf-8` to, from `ext -> full Content-Type`. */
function typesOf(entries: [string, string][]): { types: string[]; charsetTypes: Set<string> } {
  const byType = new Map<string, string[]>();
  const charsetTypes = new Set<string>();
  for (const [ext, full] of entries) {
    const [type = '', ...params] = full.split(';').map((p) => p.trim());
    if (params.some((p) => p.toLowerCase() === 'charset=utf-8')) charsetTypes.add(type);
    else if (params.length) throw new Error(`nginx cannot send the type ${full} of .${ext}`);
    byType.set(type, [...(byType.get(type) ?? []), ext]);
  }
  return { types: [...byType].map(([type, exts]) => `${type} ${exts.join(' ')};`), charsetTypes };
}

function quote(value: string): string {
  if (/["\\$]/.test(value)) throw new Error(`nginx-config cannot quote the header value ${value}`);
  return `"${value}"`;
}
const addHeaders = (headers: Record<string, string>): string[] =>
  Object.entries(headers).map(([name, value]) => `add_header ${name} ${quote(value)} always;`);

/** A course asset's headers (server/path-headers.mjs) split into inline and download kinds, with their types. */
function courseAssetRules(site: Record<string, string>) {
  const kinds = Object.keys(ASSET_TYPES).map((ext) => {
    const {
      'Content-Type': type = '',
      'Content-Disposition': disposition = '',
      ...rest
    } = headersForPath(`${COURSE_ASSETS}course/file.${ext}`);
    return { ext, type, inline: disposition === 'inline', download: disposition.startsWith('attachment;'), rest };
  });
  const common = JSON.stringify(kinds[0]?.rest);
  for (const k of kinds)
    if (JSON.stringify(k.rest) !== common || (!k.inline && !k.download))
      throw new Error(
        `nginx-config cannot express the headers of .${k.ext} course assets: update src/cli/nginx-config.ts`,
      );
  return {
    types: typesOf(kinds.map((k) => [k.ext, k.type])),
    headers: { ...site, ...kinds[0]?.rest, 'Cache-Control': REVALIDATE },
    inline: kinds.filter((k) => k.inline).map((k) => k.ext),
    download: kinds.filter((k) => k.download).map((k) => k.ext),
  };
}

/** A download's name that Oqu sends unchanged in `filename="..."` (asset-types.mjs), and not a dot file. */
const SAFE_NAME = '[A-Za-z0-9_-][A-Za-z0-9._-]*';

const block = (indent: string, lines: string[]): string[] => lines.map((l) => (l ? `${indent}${l}` : l));

/** The locations for the build's files, each with Oqu's headers for them. */
function staticLocations(projectRoot: string, site: Record<string, string>): string[] {
  const contentType = sendContentType(projectRoot);
  const files = typesOf(STATIC_EXTENSIONS.flatMap((ext) => (contentType(ext) ? [[ext, contentType(ext)]] : [])) as []);
  const assets = courseAssetRules(site);
  const served = (headers: Record<string, string>, tryFiles: string) => [
    `try_files ${tryFiles} @oqu;`,
    'charset utf-8;',
    ...addHeaders(headers),
  ];
  const exts = (list: string[]) => `(?:${list.join('|')})`;
  return [
    'types {',
    ...block('  ', files.types),
    '}',
    'default_type application/octet-stream;',
    // nginx adds the charset to text/html always.
    `charset_types ${[...files.charsetTypes].filter((t) => t !== 'text/html').join(' ')};`,
    '# A file of the build, as Oqu sends it.',
    'location / {',
    ...block('  ', served({ ...site, 'Cache-Control': REVALIDATE }, '$uri $uri/index.html')),
    '}',
    `location ${ASTRO_ASSETS} {`,
    ...block('  ', served({ ...site, 'Cache-Control': IMMUTABLE }, '$uri')),
    '}',
    '# Course assets, no dot files: the inline kinds, downloads whose name Oqu sends unchanged; others to Oqu.',
    `location ${COURSE_ASSETS} {`,
    '  types {',
    ...block('    ', assets.types.types),
    '  }',
    `  charset_types ${[...assets.types.charsetTypes].join(' ')};`,
    '  return 418;',
    `  location ~* "^${COURSE_ASSETS}(?:[^/.][^/]*/)+[^/.][^/]*\\.${exts(assets.inline)}$" {`,
    ...block('    ', [...served({ ...assets.headers, 'Content-Disposition': 'inline' }, '$uri')]),
    '  }',
    `  location ~* "^${COURSE_ASSETS}(?:[^/.][^/]*/)+(?<asset>${SAFE_NAME}\\.${exts(assets.download)})$" {`,
    ...block('    ', served({ ...assets.headers }, '$uri')),
    '    add_header Content-Disposition "attachment; filename=\\"$asset\\"" always;',
    '  }',
    '}',
    '# Dot files (Oqu refuses them) and /.well-known/ (rendered by Oqu).',
    'location ~ "/\\." {',
    '  return 418;',
    '}',
  ];
}

/** The largest request body any route of Oqu accepts, in nginx's units (server/body-limit.mjs). */
function largestBody(): string {
  const bytes = Math.max(DEFAULT_BODY_LIMIT, ...BODY_LIMITS.map((row) => row.bytes));
  return `${Math.ceil(bytes / 1024 / 1024)}m`;
}

/** The whole configuration: HTTP to HTTPS, then the site, its files from nginx, the rest from Oqu. */
export function nginxConfig(projectRoot: string, options: NginxOptions, site: Record<string, string>): string {
  const name = options.serverName;
  const several = options.upstreams.length > 1;
  const proxy = several
    ? ['proxy_pass http://oqu;', 'proxy_http_version 1.1;', 'proxy_set_header Connection "";']
    : [`proxy_pass http://${options.upstreams[0]};`];
  const lines = [
    `# Made by \`npm run oqu -- nginx-config\` from Oqu's headers; make it again after upgrading Oqu.`,
    ...(several ? ['upstream oqu {', ...options.upstreams.map((u) => `  server ${u};`), '  keepalive 32;', '}'] : []),
    'server {',
    '  listen 80;',
    `  server_name ${name};`,
    '  return 301 https://$host$request_uri;',
    '}',
    'server {',
    '  listen 443 ssl http2;',
    `  server_name ${name};`,
    `  ssl_certificate /etc/letsencrypt/live/${name}/fullchain.pem;`,
    `  ssl_certificate_key /etc/letsencrypt/live/${name}/privkey.pem;`,
    "  # One HSTS header on every answer, nginx's own error pages included.",
    '  proxy_hide_header Strict-Transport-Security;',
    `  add_header Strict-Transport-Security ${quote(STRICT_TRANSPORT_SECURITY)} always;`,
    "  # The largest body Oqu accepts (an assignment's files); Oqu caps each route itself.",
    `  client_max_body_size ${largestBody()};`,
    `  root ${options.root};`,
    '  # Oqu answers every method but GET and HEAD, and whatever is not a file of the build.',
    '  error_page 418 = @oqu;',
    '  if ($request_method !~ ^(?:GET|HEAD)$) {',
    '    return 418;',
    '  }',
    ...block('  ', staticLocations(projectRoot, site)),
    '  location @oqu {',
    ...block('    ', proxy),
    '    proxy_set_header Host $host;',
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '    proxy_set_header X-Forwarded-Proto $scheme;',
    '  }',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** The headers every static answer carries: Oqu's site-wide ones (the build's), and HSTS since nginx serves HTTPS. */
export function siteHeaders(projectRoot: string): Record<string, string> {
  const headers = securityHeadersFor(loadSiteConfigFile(projectRoot).baseUrl);
  return { ...headers, 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY };
}

export function parseNginxArgs(projectRoot: string, args: string[]): NginxOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      'server-name': { type: 'string' },
      root: { type: 'string' },
      upstream: { type: 'string', multiple: true },
    },
  });
  const serverName = values['server-name'];
  if (!serverName || !/^[A-Za-z0-9.-]+$/.test(serverName)) throw new Error('--server-name learn.example.kz is needed');
  const root = resolve(values.root ?? join(projectRoot, 'dist', 'client'));
  if (/[\s;{}"']/.test(root)) throw new Error(`--root ${root}: a path without spaces, quotes, ';' or braces`);
  const upstreams = values.upstream ?? ['127.0.0.1:4321'];
  for (const u of upstreams) if (!/^[A-Za-z0-9.:[\]-]+$/.test(u)) throw new Error(`--upstream ${u}: host:port`);
  return { serverName, root, upstreams };
}

export function runNginxConfig(projectRoot: string, args: string[]): Promise<number> {
  try {
    process.stdout.write(nginxConfig(projectRoot, parseNginxArgs(projectRoot, args), siteHeaders(projectRoot)));
    return Promise.resolve(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return Promise.resolve(2);
  }
}
