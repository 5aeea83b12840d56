import { describe, expect, it } from 'vitest';
import { formatCsvField, streamCsv, toCsv, type CsvValue } from './csv.ts';

describe('toCsv', () => {
  it('starts with a BOM, separates with ";", quotes every text field and ends every line with CRLF', () => {
    expect(
      toCsv(
        ['name', 'done'],
        [
          ['Әлия', 3],
          ['Anna', 0],
        ],
      ),
    ).toBe('\uFEFF"name";"done"\r\n"Әлия";3\r\n"Anna";0\r\n');
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

describe('streamCsv', () => {
  async function* pages(...list: CsvValue[][][]) {
    for (const page of list) yield page;
  }
  // The bytes as sent: Response.text() would drop the BOM.
  const read = async (stream: ReadableStream<Uint8Array>) =>
    new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());

  it('gives the same bytes as toCsv, page by page, skipping empty pages', async () => {
    const rows: CsvValue[][] = [
      ['Әлия', 3],
      ['=cmd', -1.5],
      ['Anna', null],
    ];
    expect(await read(streamCsv(['name', 'done'], pages([rows[0]!], [], [rows[1]!, rows[2]!], [])))).toBe(
      toCsv(['name', 'done'], rows),
    );
    expect(await read(streamCsv(['only'], pages()))).toBe('\uFEFF"only"\r\n');
  });

  it('has no row cap: 250,000 rows in pages of 500 all arrive', async () => {
    async function* many() {
      for (let p = 0; p < 500; p++) yield Array.from({ length: 500 }, (_, i) => [`n${p * 500 + i}`] as CsvValue[]);
    }
    const text = await read(streamCsv(['n'], many()));
    const lines = text.split('\r\n');
    expect(lines.length).toBe(250_000 + 2);
    expect(lines.at(-2)).toBe('"n249999"');
  });

  it('reads a page only when the client asks for more, and stops when it goes away', async () => {
    let read = 0;
    let finished = false;
    async function* counted() {
      try {
        for (;;) {
          read++;
          yield [['x']];
        }
      } finally {
        finished = true;
      }
    }
    const reader = streamCsv(['h'], counted()).getReader();
    await reader.read();
    await reader.read();
    expect(read).toBe(1);
    await reader.cancel();
    expect(finished).toBe(true);
  });

  it('throws on a row whose length differs from the header, naming the row across pages', async () => {
    await expect(read(streamCsv(['a', 'b'], pages([['1', '2']], [['3']])))).rejects.toThrow('CSV row 2 has 1 fields');
  });
});
