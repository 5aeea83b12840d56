import { describe, expect, it } from 'vitest';
import {
  blankSessionCookieOptions,
  deviceCookieName,
  deviceCookieOptions,
  isSecureSite,
  sessionCookieName,
  sessionCookieOptions,
} from './cookie.ts';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and expires with the session', () => {
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    expect(sessionCookieOptions({ secure: true, expiresAt })).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: true,
      expires: expiresAt,
    });
  });
  it('is Secure only on HTTPS sites, with the __Host- prefix there', () => {
    expect(isSecureSite('https://oqu.example.kz')).toBe(true);
    expect(isSecureSite('http://localhost:4321')).toBe(false);
    expect(isSecureSite('not a url')).toBe(false);
    expect(sessionCookieName(true)).toBe('__Host-oqu_session');
    expect(sessionCookieName(false)).toBe('oqu_session');
    expect(sessionCookieOptions({ secure: false, expiresAt: new Date() }).secure).toBe(false);
  });
  it('is dropped with Max-Age=0 on sign-out', () => {
    expect(blankSessionCookieOptions({ secure: true })).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: true,
      maxAge: 0,
    });
  });
});

describe('device cookie', () => {
  it("has the session cookie's protections and lasts the given days", () => {
    expect(deviceCookieName(true)).toBe('__Host-oqu_device');
    expect(deviceCookieName(false)).toBe('oqu_device');
    expect(deviceCookieOptions({ secure: true, days: 2 })).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: true,
      maxAge: 172_800,
    });
  });
});
