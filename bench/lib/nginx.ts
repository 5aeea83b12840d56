/**
 * nginx serving the same built files, as the physical baseline for static pages, and the README's
 * set-up (`oqu nginx-config`: nginx serves dist/client with Oqu's headers, Oqu the rest): one
 * worker (Oqu is one Node process), no access log, a temporary prefix and config on a free port.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startManaged, waitForHttp, type Managed } from './processes.ts';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx'];

/** The nginx binary, or null when nginx is not installed. */
export function findNginx(): string | null {
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export interface NginxServer {
  baseURL: string;
  process: Managed;
  stop: () => Promise<void>;
}

/** The http block both set-ups share: one worker, sendfile, no access log, temporary files in `workDir`. */
function httpConfig(workDir: string, servers: string): string {
  const mimeTypes = ['/etc/nginx/mime.types', '/usr/local/nginx/conf/mime.types'].find((p) => existsSync(p));
  const temp = (name: string): string => `${name}_temp_path ${join(workDir, name)};`;
  return `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
master_process on;
pid ${join(workDir, 'nginx.pid')};
error_log ${join(workDir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  ${mimeTypes ? `include ${mimeTypes};` : ''}
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
${servers}
}
`;
}

async function runNginx(binary: string, workDir: string, servers: string, port: number, probePath: string) {
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'nginx.conf');
  writeFileSync(file, httpConfig(workDir, servers));
  const managed = startManaged('nginx', binary, ['-p', workDir, '-c', file]);
  const baseURL = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseURL}${probePath}`, managed, 15_000);
  return { baseURL, process: managed, stop: () => managed.stop() };
}

/** Plain nginx serving `root`: the physical baseline. */
export async function startNginx(
  binary: string,
  root: string,
  workDir: string,
  probePath: string,
): Promise<NginxServer> {
  const port = await freePort();
  const server = `
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { try_files $uri $uri/index.html =404; }
  }`;
  return runNginx(binary, workDir, server, port, probePath);
}

/**
 * The README's set-up: the server blocks `oqu nginx-config` prints for the copy at `siteRoot`
 * (nginx serves its dist/client with Oqu's headers, the rest goes to the app on `appPort`), over
 * plain HTTP like the baseline beside it: the redirect server dropped, `listen 443 ssl http2`
 * made a loopback listen, the certificate lines left out. Everything else is as printed.
 */
export async function startDocumentedNginx(
  binary: string,
  siteRoot: string,
  workDir: string,
  appPort: number,
  probePath: string,
): Promise<NginxServer> {
  const port = await freePort();
  const printed = execFileSync(
    process.execPath,
    [
      join(siteRoot, 'src', 'cli', 'oqu.ts'),
      'nginx-config',
      '--server-name',
      'localhost',
      '--upstream',
      `127.0.0.1:${appPort}`,
    ],
    { cwd: siteRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const [redirect, site] = printed.split(/^server \{$/m).slice(1);
  if (!redirect?.includes('return 301') || !site?.includes('listen 443 ssl http2;'))
    throw new Error(`oqu nginx-config printed an unexpected shape:\n${printed}`);
  const servers = `server {${site}`
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${port};`)
    .replace(/^\s*ssl_certificate(_key)? .*\n/gm, '');
  return runNginx(binary, workDir, servers, port, probePath);
}
