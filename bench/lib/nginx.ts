/**
 * nginx serving the same built files, as the physical baseline for static pages: one worker
 * (Oqu is one Node process), no access log, a temporary prefix and config on a free port.
 */
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

export async function startNginx(
  binary: string,
  root: string,
  workDir: string,
  probePath: string,
): Promise<NginxServer> {
  mkdirSync(workDir, { recursive: true });
  const port = await freePort();
  const mimeTypes = ['/etc/nginx/mime.types', '/usr/local/nginx/conf/mime.types'].find((p) => existsSync(p));
  const temp = (name: string): string => `${name}_temp_path ${join(workDir, name)};`;
  const config = `
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
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { try_files $uri $uri/index.html =404; }
  }
}
`;
  const file = join(workDir, 'nginx.conf');
  writeFileSync(file, config);
  const managed = startManaged('nginx', binary, ['-p', workDir, '-c', file]);
  const baseURL = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseURL}${probePath}`, managed, 15_000);
  return { baseURL, process: managed, stop: () => managed.stop() };
}
