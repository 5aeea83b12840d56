/**
 * The README's several-machines set-up in front of the apps: nginx from Debian, unprivileged,
 * with the README's `upstream oqu` block (its two example servers replaced by the test's app
 * ports, the replacement checked) and a plain-HTTP server that proxies to it with the README's
 * location settings. Temporary files go under the test's work folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../helpers/server.ts';
import { projectRoot } from './site-build.ts';

/** The nginx block of the README's "More than one process, more than one machine" step. */
function readmeUpstreamBlock(): string {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const step = readme.split('**More than one process, more than one machine.**')[1]?.split(/\n\d+\. \*\*/)[0];
  const block = step && /```nginx\n([\s\S]*?)```/.exec(step)?.[1];
  if (!block) throw new Error('README: no ```nginx block in the "More than one process, more than one machine" step');
  return block.replace(/^ {3}/gm, '');
}

/** How long nginx and the test's client wait for an app's answer. */
export const READ_TIMEOUT_S = 1200;

export interface UpstreamNginx {
  baseURL: string;
  errors: () => string;
  stop: () => Promise<void>;
}

/** Runs nginx with the README's upstream of `appPorts` (two) on a free loopback port. */
export async function startUpstreamNginx(appPorts: readonly number[], workDir: string): Promise<UpstreamNginx> {
  mkdirSync(workDir, { recursive: true });
  const block = readmeUpstreamBlock();
  const found = /^upstream oqu \{[\s\S]*?^\}/m.exec(block);
  let upstream = found?.[0];
  if (!found || !upstream)
    throw new Error("README's nginx block has no `upstream oqu { ... }`; update tests/hardening/lib/upstream.ts");
  const servers = [...upstream.matchAll(/^\s*server \S+:4321\b[^;]*;/gm)];
  if (servers.length !== appPorts.length)
    throw new Error(`README's upstream block lists ${servers.length} servers; update tests/hardening/lib/upstream.ts`);
  for (const [i, m] of servers.entries())
    upstream = upstream.replace(m[0], m[0].replace(/\S+:4321/, `127.0.0.1:${appPorts[i]}`));
  // The lines the README puts in step 3's `location /`, instead of its proxy_pass.
  const location = block
    .slice(found.index + found[0].length)
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));
  if (!location.some((line) => line.includes('proxy_pass http://oqu;')))
    throw new Error("README's nginx block no longer says `proxy_pass http://oqu;`");
  const port = await freePort();
  const temp = (name: string): string => `${name}_temp_path ${join(workDir, name)};`;
  // Step 3's headers, with the port kept in Host (the test's proxy is not on 443).
  const configured = `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${join(workDir, 'nginx.pid')};
error_log ${join(workDir, 'error.log')} warn;
events { worker_connections 8192; }
http {
  access_log off;
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
${upstream}
  server {
    listen 127.0.0.1:${port};
    location / {
${location.join('\n')}
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # The burst queues at sqld, minutes on a loaded 2-core machine; nginx's default is 60 s.
      proxy_read_timeout ${READ_TIMEOUT_S}s;
    }
  }
}
`;
  const file = join(workDir, 'nginx.conf');
  writeFileSync(file, configured);
  const child = spawn('/usr/sbin/nginx', ['-p', workDir, '-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errors = () =>
    output + (existsSync(join(workDir, 'error.log')) ? readFileSync(join(workDir, 'error.log'), 'utf8') : '');
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${errors()}\n${configured}`);
    try {
      if ((await fetch(`${baseURL}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer:\n${errors()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseURL,
    errors,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
