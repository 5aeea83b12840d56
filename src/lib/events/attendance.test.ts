import { describe, expect, it } from 'vitest';
import { attendanceRefusal } from './attendance.ts';

describe('attendanceRefusal', () => {
  const startsAt = new Date('2026-11-20T05:00:00Z');
  it('refuses before the start and takes attendance from the start on, after the end too', () => {
    const event = { startsAt, cancelledAt: null };
    expect(attendanceRefusal(event, new Date('2026-11-20T04:59:59Z'))).toBe('event.attendance.not_started');
    expect(attendanceRefusal(event, startsAt)).toBeNull();
    expect(attendanceRefusal(event, new Date('2026-11-25T00:00:00Z'))).toBeNull();
  });
  it('refuses a cancelled session at any time', () => {
    const event = { startsAt, cancelledAt: new Date('2026-11-19T00:00:00Z') };
    expect(attendanceRefusal(event, new Date('2026-11-20T06:00:00Z'))).toBe('event.attendance.cancelled');
    expect(attendanceRefusal(event, new Date('2026-11-19T06:00:00Z'))).toBe('event.attendance.cancelled');
  });
});
