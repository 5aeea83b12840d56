/**
 * Graceful shutdown of the real server (decision 031): on SIGTERM it stops accepting at once,
 * answers a request already in flight (a sign-in whose form is still arriving), closes the
 * database and exits 0; a request that never finishes is cut at OQU_SHUTDOWN_TIMEOUT_MS.
 */
import { request, type ClientRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { makeDataDir, startServer, type RunningServer } from './lib/server.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.kill();
  server = undefined;
});

const FORM = 'email=nobody%40example.kz&password=not-the-password';

/** Starts a sign-in whose form arrives in two parts: the first now, the rest when `finish()` is called. */
function slowSignIn(s: RunningServer) {
  const half = Math.floor(FORM.length / 2);
  let req: ClientRequest;
  const status = new Promise<number | string>((resolve) => {
    req = request({
      host: '127.0.0.1',
      port: s.port,
      method: 'POST',
      path: '/en/login',
      headers: {
        origin: s.baseURL,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(FORM.length),
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.flushHeaders();
    req.write(FORM.slice(0, half));
  });
  return { status, finish: () => req.end(FORM.slice(half)) };
}

/** Resolves once a new connection to the port is refused (polling, at most 5 s). */
async function untilRefused(port: number): Promise<boolean> {
  const attempt = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    });
  for (let i = 0; i < 100; i++) {
    if (await attempt()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Waits until the server has the request's head (its log cannot say, so a short settle). */
const settle = () => new Promise((r) => setTimeout(r, 500));

test('SIGTERM: no new connections, the sign-in in flight is answered, the database closed, exit 0', async () => {
  server = await startServer({ dataDir: makeDataDir('shutdown'), env: { OQU_SHUTDOWN_TIMEOUT_MS: '10000' } });
  const signIn = slowSignIn(server);
  await settle();
  server.child.kill('SIGTERM');
  expect(await untilRefused(server.port)).toBe(true);
  signIn.finish();
  const status = await signIn.status;
  expect(typeof status === 'number' && status < 500, String(status)).toBe(true);
  expect(await server.exited).toBe(0);
  expect(server.log()).toMatch(/1 of 1 requests in flight finished; database closed/);
});

test('SIGTERM: a request that never finishes is cut at the limit, and the server still exits 0', async () => {
  server = await startServer({ dataDir: makeDataDir('shutdown-cut'), env: { OQU_SHUTDOWN_TIMEOUT_MS: '1000' } });
  const signIn = slowSignIn(server);
  await settle();
  const sent = Date.now();
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(Date.now() - sent).toBeLessThan(8_000);
  expect(await signIn.status).toMatch(/ECONNRESET|EPIPE|socket hang up/);
  expect(server.log()).toMatch(/0 of 1 requests in flight finished, 1 cut at the limit; database closed/);
});
