import { describe, expect, it } from 'vitest';
import { describeMailSettings } from './settings.ts';

describe('describeMailSettings', () => {
  it('says mail is off without SMTP_URL', () => {
    expect(describeMailSettings(undefined, undefined)).toEqual({ configured: false });
    expect(describeMailSettings('', 'x@y')).toEqual({ configured: false });
  });

  it('names the server and port but never the credentials', () => {
    const settings = describeMailSettings('smtps://oqu:s3cret-pass@mail.example.kz:2465', 'Oqu <no-reply@oqu.kz>');
    expect(settings).toEqual({
      configured: true,
      protocol: 'smtps',
      host: 'mail.example.kz',
      port: 2465,
      signsIn: true,
      from: 'Oqu <no-reply@oqu.kz>',
    });
    expect(JSON.stringify(settings)).not.toMatch(/s3cret|oqu:/);
  });

  it('fills in the usual port and the default sender', () => {
    expect(describeMailSettings('smtp://127.0.0.1', undefined)).toMatchObject({
      port: 587,
      signsIn: false,
      from: 'Oqu <no-reply@localhost>',
    });
  });

  it('does not echo an address it cannot read (it may hold a password)', () => {
    expect(describeMailSettings('not a url:pass@', undefined)).toEqual({ configured: true, unreadable: true });
  });
});
