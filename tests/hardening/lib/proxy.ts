/**
 * The README's reverse-proxy set-up, run as written: a copy of the site built with an HTTPS
 * `baseUrl`, nginx from Debian with the server blocks the README's command prints for that copy
 * (`npm run oqu -- nginx-config`: nginx serves its dist/client, the rest goes to the app, given
 * as `--upstream`; only the ports and certificate paths replaced, each replacement checked), a throw-away self-signed
 * certificate, and an HTTPS client that sends from any loopback address, as a browser at
 * https://learn.example.kz would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../../helpers/server.ts';
import type { HttpResponse } from './http.ts';
import { projectRoot, siteRoot } from './site-build.ts';

export const PUBLIC_HOST = 'learn.example.kz';
export const PUBLIC_ORIGIN = `https://${PUBLIC_HOST}`;

/**
 * The suite's site copy built again with `baseUrl: https://learn.example.kz` (the address is
 * baked into the build). Only `astro build`: about 15 s.
 */
export function buildHttpsSiteCopy(): string {
  const root = `${siteRoot}-https`;
  if (process.env.OQU_HARDENING_SKIP_BUILD === '1' && existsSync(join(root, 'dist', 'server', 'entry.mjs')))
    return root;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  for (const name of readdirSync(siteRoot)) {
    if (!['dist', 'node_modules', 'build.log'].includes(name) && !name.startsWith('.'))
      cpSync(join(siteRoot, name), join(root, name), { recursive: true });
  }
  // Packages are shared links; Astro's and Vite's caches stay private to the copy.
  for (const name of readdirSync(join(siteRoot, 'node_modules'))) {
    if (!name.startsWith('.') || name === '.bin')
      symlinkSync(readlinkSync(join(siteRoot, 'node_modules', name)), join(root, 'node_modules', name));
  }
  const config = join(root, 'oqu.config.yaml');
  const text = readFileSync(config, 'utf8');
  if (!/^baseUrl: .*$/m.test(text)) throw new Error('oqu.config.yaml has no baseUrl line to replace');
  writeFileSync(config, text.replace(/^baseUrl: .*$/m, `baseUrl: ${PUBLIC_ORIGIN}`));
  try {
    execFileSync(join(projectRoot, 'node_modules', '.bin', 'astro'), ['build', '--force'], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      `astro build with an HTTPS baseUrl failed in ` +
        `${root}:\n${e.stdout?.toString().slice(-4000) ?? ''}${e.stderr?.toString().slice(-4000) ?? ''}`,
      { cause: error },
    );
  }
  return root;
}

/** A self-signed certificate for learn.example.kz, valid for a day; returns its PEM paths. */
export function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'fullchain.pem');
  const key = join(dir, 'privkey.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      `/CN=${PUBLIC_HOST}`,
      '-addext',
      `subjectAltName=DNS:${PUBLIC_HOST}`,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

const readme = (): string => readFileSync(join(projectRoot, 'README.md'), 'utf8');

/** The arguments of the README's "Reverse proxy" command (`npm run oqu -- nginx-config ...`). */
export function readmeNginxArguments(): string[] {
  const step = readme()
    .split('**Reverse proxy.**')[1]
    ?.split(/\n\d+\. \*\*/)[0];
  const found = step && /npm run (?:--silent )?oqu -- nginx-config ([^>`\n]+)/.exec(step)?.[1];
  if (!found) throw new Error('README: the "Reverse proxy" step no longer runs `npm run oqu -- nginx-config`');
  return found.trim().split(/\s+/);
}

/**
 * nginx's server blocks as the README's command makes them in the copy at `root` (its
 * dist/client served by nginx), proxying to the app on `appPort`.
 */
export function readmeNginxConfig(root: string, appPort: number): string {
  const args = [...readmeNginxArguments(), '--upstream', `127.0.0.1:${appPort}`];
  return execFileSync(process.execPath, [join(root, 'src', 'cli', 'oqu.ts'), 'nginx-config', ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A variable of the README's systemd unit (`Environment=...`). */
export function readmeUnitSetting(name: string): string {
  const line = /^\s*Environment=(.*)$/m.exec(readme())?.[1] ?? '';
  const value = new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(line)?.[1];
  if (value === undefined) throw new Error(`README: the systemd unit sets no ${name}`);
  return value;
}

/** Replaces `from` (a pattern that must match) in the README's block, so a changed README fails loudly. */
function replaceAll(text: string, from: RegExp, to: string): string {
  if (!from.test(text))
    throw new Error(`README's nginx block no longer has ${from}; update tests/hardening/lib/proxy.ts`);
  return text.replace(new RegExp(from.source, 'g'), to);
}

export interface Nginx {
  /** The HTTPS port (the README's 443). */
  port: number;
  /** The plain HTTP port (the README's 80). */
  httpPort: number;
  /** The configuration nginx runs (the README's, with the ports and certificate replaced). */
  config: string;
  /** A request to https://learn.example.kz through this nginx. */
  request: (method: 'GET' | 'POST' | 'HEAD', path: string, options?: HttpsOptions) => Promise<ProxiedResponse>;
  errors: () => string;
  stop: () => Promise<void>;
}

export type ProxiedResponse = HttpResponse & { rawHeaders: string[] };

/** Runs nginx with the README's server blocks for the copy at `root` (readmeNginxConfig), unprivileged. */
export async function startReadmeNginx(appPort: number, workDir: string, root: string): Promise<Nginx> {
  mkdirSync(workDir, { recursive: true });
  const { cert, key } = makeCertificate(workDir);
  const ca = readFileSync(cert);
  const [port, httpPort] = [await freePort(), await freePort()];
  let servers = readmeNginxConfig(root, appPort);
  servers = replaceAll(servers, /listen 443 /, `listen 127.0.0.1:${port} `);
  servers = replaceAll(servers, /listen 80;/, `listen 127.0.0.1:${httpPort};`);
  servers = replaceAll(servers, /ssl_certificate \S+;/, `ssl_certificate ${cert};`);
  servers = replaceAll(servers, /ssl_certificate_key \S+;/, `ssl_certificate_key ${key};`);
  const temp = (name: string): string => `${name}_temp_path ${join(workDir, name)};`;
  const config = `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${join(workDir, 'nginx.pid')};
error_log ${join(workDir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
${servers}
}
`;
  const file = join(workDir, 'nginx.conf');
  writeFileSync(file, config);
  const child: ChildProcess = spawn('/usr/sbin/nginx', ['-p', workDir, '-c', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errors = () =>
    output + (existsSync(join(workDir, 'error.log')) ? readFileSync(join(workDir, 'error.log'), 'utf8') : '');
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${errors()}\n${config}`);
    try {
      await httpsRequest(port, ca, 'GET', '/healthz');
      break;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`nginx did not answer: ${String(error)}\n${errors()}`, { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port,
    httpPort,
    config,
    request: (method, path, options) => httpsRequest(port, ca, method, path, options),
    errors,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface HttpsOptions {
  body?: URLSearchParams | Record<string, string>;
  cookie?: string;
  /** Send from this loopback address (each is a different client to nginx). */
  from?: string;
  headers?: Record<string, string>;
}

/**
 * One request to https://learn.example.kz through nginx on `port`, checking the certificate
 * against the name. POSTs carry the `Origin` a browser's form post on the site carries.
 */
function httpsRequest(
  port: number,
  ca: Buffer,
  method: 'GET' | 'POST' | 'HEAD',
  path: string,
  options: HttpsOptions = {},
): Promise<ProxiedResponse> {
  const headers: Record<string, string> = { Host: PUBLIC_HOST, ...options.headers };
  let body: Buffer | undefined;
  if (options.body) {
    body = Buffer.from(new URLSearchParams(options.body as Record<string, string>).toString());
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(body.length);
  }
  if (method === 'POST') headers.Origin ??= PUBLIC_ORIGIN;
  if (options.cookie) headers.Cookie = options.cookie;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers,
        servername: PUBLIC_HOST,
        ca,
        agent: false,
        localAddress: options.from,
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const buffer = Buffer.concat(chunks);
          const h: IncomingHttpHeaders = res.headers;
          const setCookie = h['set-cookie'];
          resolve({
            status: res.statusCode ?? 0,
            headers: h,
            rawHeaders: res.rawHeaders,
            setCookies: Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [],
            location: h.location,
            body: buffer,
            text: buffer.toString('utf8'),
            ms: performance.now() - started,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer`)));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}
