import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, test } from 'vitest';
import { answerScrape, carriesToken, metricsSettings } from './metrics.mjs';

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

describe('answerScrape', () => {
  /** A stand-in for the answer that records what was written. */
  function answer() {
    const seen = { status: 0, headers: {} as Record<string, string>, body: '' };
    const res = {
      writeHead(status: number, headers: Record<string, string>) {
        Object.assign(seen, { status, headers });
        return res;
      },
      end(body: string) {
        seen.body = body;
        return res;
      },
    };
    return { seen, res: res as unknown as ServerResponse };
  }

  test("the registry's text with its content type", async () => {
    const { seen, res } = answer();
    await answerScrape({ metrics: async () => 'oqu_up 1\n', contentType: 'text/plain; version=0.0.4' }, res);
    expect(seen).toMatchObject({ status: 200, body: 'oqu_up 1\n' });
    expect(seen.headers['Content-Type']).toBe('text/plain; version=0.0.4');
  });

  test('a registry that fails (a worker starting or dying) gets 503, not a rejection', async () => {
    const { seen, res } = answer();
    const failing = { metrics: () => Promise.reject(new Error('Operation timed out.')), contentType: 'text/plain' };
    await expect(answerScrape(failing, res)).resolves.toBeUndefined();
    expect(seen.status).toBe(503);
    expect(seen.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(seen.body).toMatch(/Operation timed out/);
  });
});
