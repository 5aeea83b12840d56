import { describe, expect, it } from 'vitest';
import { translate } from '#lib/i18n/t.ts';
import { formatCount, formatCounts } from './figures.ts';

/** Intl writes a narrow no-break space between thousands; compare with a plain one. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('the dashboard counts', () => {
  it('group thousands as each language does', () => {
    expect(plain(formatCount(10_000, 'kk'))).toBe('10 000');
    expect(plain(formatCount(10_000, 'ru'))).toBe('10 000');
    expect(formatCount(10_000, 'en')).toBe('10,000');
    expect(formatCount(7, 'ru')).toBe('7');
  });

  it('format the overview and a quiz summary whole', () => {
    const overview = formatCounts({ enrolled: 12_500, active7d: 980, completed: 1_204, certificates: 0 }, 'ru');
    expect(Object.values(overview).map(plain)).toEqual(['12 500', '980', '1 204', '0']);
    const summary = translate('kk', 'dashboard.quiz_summary', {
      ...formatCounts({ learners: 10_000, attempts: 25_310 }, 'kk'),
      rate: '50 %',
    });
    expect(plain(summary)).toMatch(/10 000\D+25 310\D/);
  });
});
