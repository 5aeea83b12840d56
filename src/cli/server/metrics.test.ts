import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { describe, expect, test } from 'vitest';
import { carriesToken, listenForScrapes, metricsSettings } from './metrics.mjs';

const TOKEN = 'a'.repeat(24);
const request = (authorization?: string) => ({ headers: { authorization } }) as unknown as IncomingMessage;

describe('metricsSettings', () => {
  test('off unless set; a port of its own on loopback, or a token', () => {
    expect(metricsSettings({})).toEqual({ port: null, host: '127.0.0.1', token: null });
    expect(metricsSettings({ OQU_METRICS_PORT: '9464', OQU_METRICS_HOST: '10.0.0.5' })).toMatchObject({
      port: 9464,
      host: '10.0.0.5',
    });
    expect(metricsSettings({ OQU_METRICS_TOKEN: ` ${TOKEN} ` }).token).toBe(TOKEN);
  });
  test('refuses a bad port and a short token, naming the variable', () => {
    for (const port of ['0', '70000', 'nine', '94.6'])
      expect(() => metricsSettings({ OQU_METRICS_PORT: port })).toThrow(/OQU_METRICS_PORT/);
    expect(() => metricsSettings({ OQU_METRICS_TOKEN: 'short' })).toThrow(/OQU_METRICS_TOKEN/);
  });
});

describe('carriesToken', () => {
  test('only the exact token as a bearer token', () => {
    expect(carriesToken(request(`Bearer ${TOKEN}`), TOKEN)).toBe(true);
    for (const header of [undefined, TOKEN, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, `Bearer ${'b'.repeat(24)}`])
      expect(carriesToken(request(header), TOKEN)).toBe(false);
  });
});

describe('listenForScrapes', () => {
  /** A real listener on a free loopback port for `registry`; stopped by the test. */
  async function listening(registry: Registry) {
    const server = listenForScrapes(registry, { port: 0, host: '127.0.0.1' });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/metrics`, stop: () => new Promise((r) => server.close(r)) };
  }

  test("the registry's text with its content type; other paths 404", async () => {
    const registry = new Registry();
    new Gauge({ name: 'oqu_up', help: 'Up.', registers: [registry] }).set(1);
    const { url, stop } = await listening(registry);
    try {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(registry.contentType);
      expect(await res.text()).toMatch(/^oqu_up 1$/m);
      expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await stop();
    }
  });

  test('a registry that cannot answer (a worker starting or dying) gets 503, and the process goes on', async () => {
    const registry = new Registry();
    new Gauge({
      name: 'oqu_failing',
      help: 'Fails to collect, as the cluster sum does while a worker starts.',
      registers: [registry],
      collect: () => Promise.reject(new Error('Operation timed out.')),
    });
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    const { url, stop } = await listening(registry);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) }); // without an answer: a clear failure
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.text()).toMatch(/Operation timed out/);
      await new Promise((r) => setTimeout(r, 50)); // an unhandled rejection is reported after a turn
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
      await stop();
    }
  });
});
