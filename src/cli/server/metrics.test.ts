import type { IncomingMessage } from 'node:http';
import { describe, expect, test } from 'vitest';
import { carriesToken, metricsSettings } from './metrics.mjs';

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
