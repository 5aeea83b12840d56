import { describe, expect, it } from 'vitest';
import { useTranslations } from '#lib/i18n/t.ts';
import { viewOutcome } from './action-outcome.ts';

const t = useTranslations('en');

describe('a form outcome as every page shows it', () => {
  it("shows what was done, with its params and the page's own", () => {
    expect(viewOutcome({ ok: true, message: 'account.profile_saved' }, t)).toEqual({
      notice: 'Your profile has been saved.',
      problems: [],
      fields: {},
      status: 200,
    });
    expect(
      viewOutcome({ ok: true, message: 'admin.role_set', params: { email: 'a@b.kz', role: 'trainer' } }, t, {
        role: 'Trainer',
      }).notice,
    ).toBe('a@b.kz is now: Trainer.');
    expect(viewOutcome({ ok: true }, t).notice).toBe('');
  });

  it('lists the field errors, or else the one error, with 400', () => {
    const named = viewOutcome(
      { ok: false, error: 'auth.error.name_required', fields: { name: 'auth.error.name_required' } },
      t,
    );
    expect(named).toEqual({
      notice: '',
      problems: ['Enter your full name as it should appear on certificates.'],
      fields: { name: 'Enter your full name as it should appear on certificates.' },
      status: 400,
    });
    expect(viewOutcome({ ok: false, error: 'form.unreadable' }, t).problems).toEqual([
      'The form could not be read. Reload the page and try again.',
    ]);
  });

  it('answers 429 with the minutes to wait when asked to wait', () => {
    const limited = viewOutcome({ ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: 150 }, t);
    expect(limited.status).toBe(429);
    expect(limited.problems).toEqual(['Too many attempts. Try again in 3 min.']);
    expect(viewOutcome({ ok: false, error: 'cohort.invitation.too_soon', retryAfterSeconds: 600 }, t).problems).toEqual(
      ['This invitation was sent less than 10 minutes ago. Try again later.'],
    );
  });
});
