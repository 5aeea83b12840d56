import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { gracefulShutdown, shutdownTimeout, SHUTDOWN_TIMEOUT_MS } from './shutdown.mjs';

/** A server whose `/slow` answers when `release()` is called, and whose `/` answers at once. */
async function serve() {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((req, res) => {
    if (req.url === '/slow') void released.then(() => res.end('slow done'));
    else res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, port, release };
}

/** GETs `path`; resolves with the body, or the error's code when the connection fails or is cut. */
function get(port: number, path: string, agentKeepAlive = false): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers: agentKeepAlive ? { connection: 'keep-alive' } : {} });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.end();
  });
}

/** Resolves once a TCP connection to `port` is refused (the server stopped accepting). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** Waits until `server` has seen `n` requests (the request is in flight, not merely sent). */
function requestsSeen(server: Server, n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) =>
    server.on('request', () => {
      seen += 1;
      if (seen === n) resolve();
    }),
  );
}

let servers: Server[] = [];
afterEach(() => {
  for (const s of servers) s.closeAllConnections();
  servers = [];
});

describe('graceful shutdown', () => {
  test('stops accepting at once, lets a request in flight finish, then closes the database', async () => {
    const { server, port, release } = await serve();
    servers.push(server);
    const events: string[] = [];
    const shutdown = gracefulShutdown(server, {
      timeoutMs: 10_000,
      closeResources: () => void events.push('database closed'),
    });
    server.on('request', (_req, res) => res.once('finish', () => void events.push('answered'))); // sent to the client
    const seen = requestsSeen(server, 1);
    const slow = get(port, '/slow');
    await seen;
    const stopped = shutdown();
    expect(await refused(port)).toBe(true);
    expect(events).toEqual([]);
    release();
    expect(await stopped).toMatchObject({ waiting: 1, cut: 0 });
    expect(await slow).toBe('slow done');
    expect(events).toEqual(['answered', 'database closed']);
  });

  test('cuts what is still in flight after the bound, and still closes the database', async () => {
    const { server, port } = await serve();
    servers.push(server);
    let closedDatabase = false;
    const shutdown = gracefulShutdown(server, { timeoutMs: 200, closeResources: () => void (closedDatabase = true) });
    const seen = requestsSeen(server, 1);
    const hanging = get(port, '/slow');
    await seen;
    const result = await shutdown();
    expect(result).toMatchObject({ waiting: 1, cut: 1 });
    expect(result.ms).toBeGreaterThanOrEqual(190);
    expect(await hanging).toBe('ECONNRESET');
    expect(closedDatabase).toBe(true);
  });

  test('an idle keep-alive connection does not hold the server open', async () => {
    const { server, port } = await serve();
    servers.push(server);
    expect(await get(port, '/', true)).toBe('ok');
    const result = await gracefulShutdown(server, { timeoutMs: 10_000, closeResources: () => undefined })();
    expect(result).toMatchObject({ waiting: 0, cut: 0 });
    expect(result.ms).toBeLessThan(5_000);
  });

  test('the bound comes from OQU_SHUTDOWN_TIMEOUT_MS, else 10 s', () => {
    expect(shutdownTimeout({ OQU_SHUTDOWN_TIMEOUT_MS: '2500' })).toBe(2500);
    expect(shutdownTimeout({ OQU_SHUTDOWN_TIMEOUT_MS: 'soon' })).toBe(SHUTDOWN_TIMEOUT_MS);
    expect(shutdownTimeout({})).toBe(10_000);
  });
});
