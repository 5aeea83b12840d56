import { describe, expect, it } from 'vitest';
import { attemptsLeft } from './attempts.ts';
import { isIdempotencyKey } from './form.ts';

describe('the attempt limit', () => {
  it('counts down to zero and never below', () => {
    expect(attemptsLeft({ maxAttempts: 3 }, 0)).toBe(3);
    expect(attemptsLeft({ maxAttempts: 3 }, 2)).toBe(1);
    expect(attemptsLeft({ maxAttempts: 3 }, 3)).toBe(0);
    expect(attemptsLeft({ maxAttempts: 3 }, 5)).toBe(0);
  });

  it('is null when the quiz sets no limit', () => {
    expect(attemptsLeft({}, 7)).toBeNull();
  });
});

describe('an idempotency key chosen by the page', () => {
  it('is 8 to 128 URL-safe characters', () => {
    expect(isIdempotencyKey('abcdEFGH')).toBe(true);
    expect(isIdempotencyKey('a'.repeat(128))).toBe(true);
    expect(isIdempotencyKey('f-0123456789_abc')).toBe(true);
    expect(isIdempotencyKey('short')).toBe(false);
    expect(isIdempotencyKey('a'.repeat(129))).toBe(false);
    expect(isIdempotencyKey('has space in it')).toBe(false);
    expect(isIdempotencyKey(12345678)).toBe(false);
  });
});
