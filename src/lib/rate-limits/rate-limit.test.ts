import { describe, expect, it } from 'vitest';
import { addressSubject, combineVerdicts, judgeHits, RATE_LIMITS, signInPairSubject } from './rate-limit.ts';

describe('rate limit rules', () => {
  it('stay within OWASP ASVS: at most 100 failed sign-ins per hour per account', () => {
    const perHour = (RATE_LIMITS.signInAccount.limit * 3_600_000) / RATE_LIMITS.signInAccount.windowMs;
    expect(perHour).toBeLessThanOrEqual(100);
  });
  it('hold a guesser at one address long before the account-wide ceiling', () => {
    expect(RATE_LIMITS.signInPair.limit).toBeLessThan(RATE_LIMITS.signInAccount.limit / 5);
  });
  it('allow up to the limit and then say how long to wait', () => {
    const rule = { name: 'x', limit: 3, windowMs: 60_000 };
    const start = new Date('2026-01-01T00:00:00Z');
    const now = new Date(start.getTime() + 15_500);
    expect(judgeHits(rule, 3, start, now)).toEqual({ allowed: true });
    expect(judgeHits(rule, 4, start, now)).toEqual({ allowed: false, retryAfterSeconds: 45 });
  });
  it('combine to the longest wait', () => {
    expect(
      combineVerdicts([
        { allowed: true },
        { allowed: false, retryAfterSeconds: 5 },
        { allowed: false, retryAfterSeconds: 50 },
      ]),
    ).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(combineVerdicts([{ allowed: true }])).toEqual({ allowed: true });
  });
});

describe('addressSubject', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6 and cuts IPv6 to /64', () => {
    expect(addressSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(addressSubject('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressSubject('2001:db8:0:42:1:2:3:4')).toBe('2001:db8:0:42::/64');
    expect(addressSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressSubject('[2001:DB8:0:42::9]')).toBe('2001:db8:0:42::/64');
    expect(addressSubject('')).toBeNull();
    expect(addressSubject(undefined)).toBeNull();
  });
});

describe('signInPairSubject', () => {
  it('counts an account per address, or per browser that signed in to it before', () => {
    expect(signInPairSubject('a@b.kz', { ip: '203.0.113.7' })).toBe('a@b.kz|203.0.113.7');
    expect(signInPairSubject('a@b.kz', { ip: null })).toBe('a@b.kz|unknown');
    expect(signInPairSubject('a@b.kz', { ip: '203.0.113.7', deviceHash: 'ff00' })).toBe('a@b.kz|device:ff00');
  });
});
