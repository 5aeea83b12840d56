import { describe, expect, it } from 'vitest';
import { formatCsvField, toCsv } from './csv.ts';

describe('toCsv', () => {
  it('starts with a BOM, separates with ";", quotes every text field and ends every line with CRLF', () => {
    expect(toCsv(['name', 'done'], [['Әлия', 3], ['Anna', 0]])).toBe('\uFEFF"name";"done"\r\n"Әлия";3\r\n"Anna";0\r\n');
    expect(toCsv(['only'], [])).toBe('\uFEFF"only"\r\n');
  });

  it('quotes fields holding the separator, quotes or line breaks (RFC 4180)', () => {
    expect(formatCsvField('a;b')).toBe('"a;b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField('two\nlines')).toBe('"two\nlines"');
    expect(formatCsvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(toCsv(['a;b', 'c'], [['x"y', 'z']])).toBe('\uFEFF"a;b";"c"\r\n"x""y";"z"\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(formatCsvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(formatCsvField('+7 701 000 00 00')).toBe(`"'+7 701 000 00 00"`);
    expect(formatCsvField('-2+3')).toBe(`"'-2+3"`);
    expect(formatCsvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(formatCsvField('\tcmd')).toBe(`"'\tcmd"`);
    expect(formatCsvField('\rcmd')).toBe(`"'\rcmd"`);
    expect(formatCsvField('=1;2')).toBe(`"'=1;2"`);
    expect(formatCsvField('\uFF1D1+1')).toBe(`"'\uFF1D1+1"`);
    expect(formatCsvField('a=b')).toBe('"a=b"');
    // In the header too.
    expect(toCsv(['=x'], [])).toBe(`\uFEFF"'=x"\r\n`);
  });

  it('defuses formula starts after any separator inside a field, for spreadsheets that split on it', () => {
    expect(formatCsvField("Ann,=cmd|' /C calc'!A0,")).toBe(`"Ann,'=cmd|' /C calc'!A0,"`);
    expect(formatCsvField('a;+1')).toBe(`"a;'+1"`);
    expect(formatCsvField('a\t@x')).toBe(`"a\t'@x"`);
    expect(formatCsvField('a,  -1')).toBe(`"a,  '-1"`);
    expect(formatCsvField('line\n=cmd')).toBe(`"line\n'=cmd"`);
    expect(formatCsvField('Smith-Jones, Ann')).toBe('"Smith-Jones, Ann"');
  });

  it('writes numbers with the decimal comma, never defused; nothing for null and non-finite numbers', () => {
    expect(formatCsvField(-3)).toBe('-3');
    expect(formatCsvField(66.67)).toBe('66,67');
    expect(formatCsvField(0)).toBe('0');
    expect(formatCsvField(Number.NaN)).toBe('');
    expect(formatCsvField(Number.POSITIVE_INFINITY)).toBe('');
    expect(formatCsvField(null)).toBe('');
    expect(formatCsvField(undefined)).toBe('');
    expect(formatCsvField('')).toBe('');
  });

  it('writes dates as YYYY-MM-DD HH:MM in Almaty time (UTC+5)', () => {
    expect(formatCsvField(new Date('2026-02-28T19:30:00Z'))).toBe('2026-03-01 00:30');
    expect(formatCsvField(new Date('2026-12-31T18:59:59Z'))).toBe('2026-12-31 23:59');
    expect(formatCsvField(new Date('2026-12-31T19:00:00Z'))).toBe('2027-01-01 00:00');
    expect(() => formatCsvField(new Date('nope'))).toThrow(RangeError);
  });

  it('refuses a row whose length differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [['only one']])).toThrow(/row 1 has 1 fields; the header has 2/);
  });
});
