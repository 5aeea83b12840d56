import { Writable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, test } from 'vitest';
import { createLogger, loggablePath, logLevel, requestContext, requestIdFor, routeConsole } from './log.mjs';

/** A logger whose lines are collected, parsed. */
function collected() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('loggablePath', () => {
  test('fills a rendered route in, showing only the name of a key', () => {
    expect(
      loggablePath('/en/courses/urbanism', '/[locale]/courses/[course]', { locale: 'en', course: 'urbanism' }),
    ).toBe('/en/courses/urbanism');
    expect(loggablePath('/calendar/s3cret.ics', '/calendar/[token].ics', { token: 's3cret' })).toBe(
      '/calendar/[token].ics',
    );
    expect(loggablePath('/kk/join/ABCD-1234', '/[locale]/join/[code]', { locale: 'kk', code: 'ABCD-1234' })).toBe(
      '/kk/join/[code]',
    );
  });
  test('hides keys in a path no route matched, and never keeps a query', () => {
    expect(loggablePath('/calendar/s3cret', undefined, undefined)).toBe('/calendar/[token]');
    expect(loggablePath('/ru/join/ABCD/x', undefined, undefined)).toBe('/ru/join/[code]/x');
    expect(loggablePath('/verify/ABCD-EFGH', undefined, undefined)).toBe('/verify/[code]');
    expect(loggablePath('/certificates/ABCD.pdf', undefined, undefined)).toBe('/certificates/[code].pdf');
    expect(loggablePath('/en/courses/urbanism/01-intro/', undefined, undefined)).toBe('/en/courses/urbanism/01-intro/');
    expect(loggablePath(`/${'a'.repeat(500)}`, undefined, undefined)).toHaveLength(200);
  });
});

describe('requestIdFor', () => {
  test("keeps a trusted proxy's id, replaces anyone else's and anything that is not an id", () => {
    const nginx = '0123456789abcdef0123456789abcdef';
    expect(requestIdFor(request({ 'x-request-id': nginx }), true)).toBe(nginx);
    expect(requestIdFor(request({ 'x-request-id': nginx }), false)).not.toBe(nginx);
    expect(requestIdFor(request({ 'x-request-id': 'a b\nforged line' }), true)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the logger', () => {
  test('writes JSON lines with level, time and the request id of the request running', () => {
    const { lines, logger } = collected();
    requestContext.run({ id: 'req-1' }, () => logger.info('inside'));
    logger.warn('outside');
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'inside', reqId: 'req-1' });
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'outside' });
    expect(lines[1]).not.toHaveProperty('reqId');
    expect(typeof lines[0]!.time).toBe('string');
  });
  test('redacts cookies, authorisation and tokens a caller passes by mistake', () => {
    const { lines, logger } = collected();
    logger.info({ headers: { cookie: 'oqu_session=abc', authorization: 'Bearer xyz' }, user: { token: 't' } }, 'x');
    expect(JSON.stringify(lines[0])).not.toMatch(/abc|xyz|"t"/);
  });
  test('takes over the console: one line each, an error with its stack', () => {
    const { lines, logger } = collected();
    const target = { ...console };
    routeConsole(logger, target);
    target.log('counts checked for %d courses', 4);
    target.error('Oqu could not send mail:', new Error('connection refused'));
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'counts checked for 4 courses' });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'Oqu could not send mail:' });
    expect((lines[1]!.err as { stack: string }).stack).toMatch(/^Error: connection refused\n\s+at /);
  });
  test('the level comes from OQU_LOG_LEVEL, info unless set; another value is refused', () => {
    expect(logLevel({})).toBe('info');
    expect(logLevel({ OQU_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(() => logLevel({ OQU_LOG_LEVEL: 'loud' })).toThrow(/OQU_LOG_LEVEL/);
  });
});
