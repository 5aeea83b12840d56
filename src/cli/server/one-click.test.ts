import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { admitOneClickUnsubscribe } from './one-click.mjs';

function request(method: string, url: string, headers: Record<string, string>): IncomingMessage {
  return { method, url, headers: { ...headers } } as unknown as IncomingMessage;
}

describe('admitOneClickUnsubscribe', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: 'oqu_session=abc' };
  it('admits a mail provider’s one-click POST without its cookies or form type', () => {
    const req = request('POST', '/kk/discussions/unsubscribe?token=a.b.c', form);
    expect(admitOneClickUnsubscribe(req)).toBe(true);
    expect(req.headers).toEqual({ 'content-type': 'application/octet-stream' });
  });
  it('leaves browsers, other methods and other paths alone', () => {
    for (const req of [
      request('POST', '/en/discussions/unsubscribe?token=x', { ...form, origin: 'https://oqu.kz' }),
      request('POST', '/en/discussions/unsubscribe?token=x', { ...form, 'sec-fetch-site': 'cross-site' }),
      request('GET', '/en/discussions/unsubscribe?token=x', form),
      request('POST', '/en/discussions/threads/x', form),
      request('POST', '/en/account', form),
    ]) {
      const before = { ...req.headers };
      expect(admitOneClickUnsubscribe(req)).toBe(false);
      expect(req.headers).toEqual(before);
    }
  });
});
