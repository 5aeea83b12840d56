import { describe, expect, it } from 'vitest';
import { judgeSession, loadSessionPolicy, newSessionTimes } from './session-policy.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const policy = loadSessionPolicy({});
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('session policy from the environment', () => {
  it('defaults: learners 30 days idle / 90 days absolute, staff 2 h / 12 h', () => {
    expect(policy.learner).toEqual({ idleMs: 30 * DAY, absoluteMs: 90 * DAY });
    expect(policy.staff).toEqual({ idleMs: 2 * HOUR, absoluteMs: 12 * HOUR });
  });
  it('reads overrides and refuses nonsense with the variable named', () => {
    expect(loadSessionPolicy({ SESSION_IDLE_HOURS: '24', SESSION_STAFF_ABSOLUTE_HOURS: '8' })).toMatchObject({
      learner: { idleMs: 24 * HOUR },
      staff: { absoluteMs: 8 * HOUR },
    });
    expect(() => loadSessionPolicy({ SESSION_ABSOLUTE_DAYS: 'forever' })).toThrow(/SESSION_ABSOLUTE_DAYS/);
    expect(() => loadSessionPolicy({ SESSION_IDLE_HOURS: '-1' })).toThrow(/SESSION_IDLE_HOURS/);
  });
});

describe('judgeSession', () => {
  const learner = { createdAt: t0, ...newSessionTimes('learner', policy, t0) };
  it('does not touch a fresh session', () => {
    expect(judgeSession(learner, 'learner', policy, at(HOUR))).toEqual({
      state: 'valid',
      expiresAt: learner.expiresAt,
      renewed: false,
    });
  });
  it('slides once less than half the idle lifetime is left', () => {
    expect(judgeSession(learner, 'learner', policy, at(16 * DAY))).toEqual({
      state: 'valid',
      expiresAt: at(46 * DAY),
      renewed: true,
    });
  });
  it('never slides past the absolute cap, and ends there', () => {
    const late = { ...learner, expiresAt: at(89 * DAY) };
    expect(judgeSession(late, 'learner', policy, at(80 * DAY))).toEqual({
      state: 'valid',
      expiresAt: at(90 * DAY),
      renewed: true,
    });
    expect(judgeSession({ ...late, expiresAt: at(90 * DAY) }, 'learner', policy, at(90 * DAY))).toEqual({
      state: 'expired',
    });
  });
  it('ends an idle session', () => {
    expect(judgeSession(learner, 'learner', policy, at(30 * DAY))).toEqual({ state: 'expired' });
  });
  it('holds a promoted learner to the staff lifetimes', () => {
    expect(judgeSession(learner, 'admin', policy, at(HOUR))).toEqual({
      state: 'valid',
      expiresAt: at(3 * HOUR),
      renewed: true,
    });
    expect(judgeSession(learner, 'admin', policy, at(12 * HOUR))).toEqual({ state: 'expired' });
  });
});
