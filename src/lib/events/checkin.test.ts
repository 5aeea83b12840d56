import { describe, expect, it } from 'vitest';
import {
  checkinCode,
  checkinCodeMatches,
  checkinWindow,
  CHECKIN_CODE_LENGTH,
  minuteOf,
  secondsToNextCode,
} from './checkin.ts';

const key = 'a-secret-key-of-the-session';
const at = (iso: string) => new Date(iso);

describe('check-in codes', () => {
  it('differ by minute, session and key, and have a fixed length', () => {
    const m = minuteOf(at('2026-12-05T10:00:30Z'));
    const code = checkinCode(key, 'ev1', m);
    expect(code).toHaveLength(CHECKIN_CODE_LENGTH);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(checkinCode(key, 'ev1', m + 1)).not.toBe(code);
    expect(checkinCode(key, 'ev2', m)).not.toBe(code);
    expect(checkinCode('another key', 'ev1', m)).not.toBe(code);
  });
  it('are accepted in their minute and the next, not later and not before', () => {
    const code = checkinCode(key, 'ev1', minuteOf(at('2026-12-05T10:00:59Z')));
    expect(checkinCodeMatches(key, 'ev1', code, at('2026-12-05T10:00:00Z'))).toBe(true);
    expect(checkinCodeMatches(key, 'ev1', code, at('2026-12-05T10:01:59Z'))).toBe(true);
    expect(checkinCodeMatches(key, 'ev1', code, at('2026-12-05T10:02:00Z'))).toBe(false);
    expect(checkinCodeMatches(key, 'ev1', code, at('2026-12-05T09:59:59Z'))).toBe(false);
    expect(checkinCodeMatches(key, 'ev2', code, at('2026-12-05T10:00:10Z'))).toBe(false);
    expect(checkinCodeMatches(key, 'ev1', '', at('2026-12-05T10:00:10Z'))).toBe(false);
    expect(checkinCodeMatches(key, 'ev1', `${code}x`, at('2026-12-05T10:00:10Z'))).toBe(false);
  });
});

describe('the check-in window', () => {
  const event = { startsAt: at('2026-12-05T10:00:00Z'), endsAt: at('2026-12-05T12:00:00Z') };
  it('is open from the start to the end', () => {
    expect(checkinWindow(event, at('2026-12-05T09:59:59Z'))).toBe('before');
    expect(checkinWindow(event, at('2026-12-05T10:00:00Z'))).toBe('open');
    expect(checkinWindow(event, at('2026-12-05T11:59:59Z'))).toBe('open');
    expect(checkinWindow(event, at('2026-12-05T12:00:00Z'))).toBe('after');
  });
  it('refreshes the page just after the next minute begins', () => {
    expect(secondsToNextCode(at('2026-12-05T10:00:00Z'))).toBe(61);
    expect(secondsToNextCode(at('2026-12-05T10:00:59.500Z'))).toBe(2);
  });
});
