// Serves the built site. Plain JavaScript on purpose: the server process must not load Node's
// TypeScript loader (it costs about 140 MB of memory), so the TypeScript steps (configuration
// check, migrations, signing key) run first in a child process: `oqu prepare`.
//
// Astro's standalone handler (static files and rendered pages) runs inside our own HTTP
// server, so that every response, prerendered lessons included, carries the security
// headers written at build time to dist/server/security-headers.json.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { normaliseForwarded } from './server/forwarded.mjs';
import { headersForPath } from './server/path-headers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const prepared = spawnSync(process.execPath, [`${root}src/cli/oqu.ts`, 'prepare'], { stdio: 'inherit' });
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

const headers = JSON.parse(readFileSync(`${root}dist/server/security-headers.json`, 'utf8'));
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = await import(pathToFileURL(`${root}dist/server/entry.mjs`).href);
const host = process.env.HOST || 'localhost';
const port = Number(process.env.PORT || 4321);
const server = createServer((req, res) => {
  normaliseForwarded(req);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  for (const [name, value] of Object.entries(headersForPath(pathname))) res.setHeader(name, value);
  handler(req, res);
});
server.on('error', (error) => {
  console.error(`Oqu could not listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`Oqu is serving http://${host}:${port}/`);
  // The first request starts the server's one-time checks (src/middleware.ts): make it now.
  const self = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  fetch(`http://${self.includes(':') ? `[${self}]` : self}:${port}/healthz`).catch(() => undefined);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
