import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { expect, test } from 'vitest';
import { clientFromForwardedFor, normaliseForwarded, parseTrustedProxies, plainAddress } from './forwarded.mjs';

const { list } = parseTrustedProxies('127.0.0.1, 10.0.0.0/8, ::1');

/** A request as Node's server hands it over, from `peer`, with these headers. */
function request(peer: string, headers: Record<string, string>): IncomingMessage {
  const socket = new Socket();
  // Like net.Socket's own getter: configurable, on the prototype chain.
  Object.defineProperty(socket, 'remoteAddress', { get: () => peer, configurable: true });
  const req = new IncomingMessage(socket);
  req.headers = { host: 'learn.example.kz', ...headers };
  return req;
}

test('TRUSTED_PROXIES takes addresses and CIDR ranges, and names a bad entry', () => {
  expect(parseTrustedProxies('').entries).toEqual([]);
  expect(parseTrustedProxies(' 127.0.0.1 ,fd00::/8,').entries).toEqual(['127.0.0.1', 'fd00::/8']);
  for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.1/8/2', '300.1.1.1', '10.0.0.0/x']) {
    expect(() => parseTrustedProxies(`127.0.0.1,${bad}`)).toThrow(bad);
  }
  expect(() => parseTrustedProxies('0.0.0.0/0')).toThrow(/every address/);
});

test('addresses are read in plain form', () => {
  expect(plainAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
  expect(plainAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
  expect(plainAddress('10.1.2.3:5000')).toBe('10.1.2.3');
  expect(plainAddress('unknown')).toBeNull();
});

test('the client is the last address in X-Forwarded-For that is not a trusted proxy, never the first', () => {
  expect(clientFromForwardedFor(list, '127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
  // The client wrote "1.1.1.1" itself; nginx appended the address it saw.
  expect(clientFromForwardedFor(list, '127.0.0.1', '1.1.1.1, 203.0.113.9')).toBe('203.0.113.9');
  // Two proxies: a balancer (10.0.0.5) in front of nginx.
  expect(clientFromForwardedFor(list, '127.0.0.1', '1.1.1.1, 203.0.113.9, 10.0.0.5')).toBe('203.0.113.9');
  // Garbage ends the walk at the last proxy that wrote a good address.
  expect(clientFromForwardedFor(list, '127.0.0.1', 'x, 10.0.0.5')).toBe('10.0.0.5');
  expect(clientFromForwardedFor(list, '127.0.0.1', undefined)).toBe('127.0.0.1');
});

test('from a trusted proxy the request takes the forwarded client, scheme and host, for this request only', () => {
  const req = request('127.0.0.1', {
    'x-forwarded-for': '6.6.6.6, 203.0.113.9',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'learn.example.kz',
  });
  const socket = req.socket;
  normaliseForwarded(req, list);
  expect(req.socket.remoteAddress).toBe('203.0.113.9');
  expect('encrypted' in req.socket && (req.socket as Socket & { encrypted?: boolean }).encrypted).toBe(true);
  expect(req.headers.host).toBe('learn.example.kz');
  expect(req.headers['x-forwarded-for']).toBeUndefined();
  expect(socket.remoteAddress).toBe('127.0.0.1');
});

test('from any other peer the forwarded headers are removed and nothing changes', () => {
  for (const trusted of [list, null]) {
    const req = request('192.0.2.7', {
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
      forwarded: 'for=1.2.3.4',
    });
    normaliseForwarded(req, trusted);
    expect(req.socket.remoteAddress).toBe('192.0.2.7');
    expect(req.headers.host).toBe('learn.example.kz');
    expect(Object.keys(req.headers)).toEqual(['host']);
  }
});

test('a forwarded host that could bend the URL is ignored', () => {
  const req = request('127.0.0.1', { 'x-forwarded-host': 'evil.example/path' });
  normaliseForwarded(req, list);
  expect(req.headers.host).toBe('learn.example.kz');
});
