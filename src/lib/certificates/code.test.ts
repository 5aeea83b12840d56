import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, generateCertificateCode, normalizeCertificateCode } from './code.ts';

describe('generateCertificateCode', () => {
  it('makes XXXX-XXXX-XXXX codes from the Crockford alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateCertificateCode();
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(normalizeCertificateCode(code)).toBe(code); // already canonical
      expect(code).not.toMatch(/[ILOU]/);
    }
  });

  it('does not repeat itself and uses the whole alphabet', () => {
    const codes = new Set(Array.from({ length: 5000 }, () => generateCertificateCode()));
    expect(codes.size).toBe(5000);
    const seen = new Set([...codes].join('').replace(/-/g, ''));
    expect([...seen].sort().join('')).toBe([...CODE_ALPHABET].sort().join(''));
  });

  it('spreads symbols evenly (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      for (const s of generateCertificateCode().replace(/-/g, '')) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const expected = (4000 * 12) / 32;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
  });
});

describe('normalizeCertificateCode', () => {
  it('accepts what people type', () => {
    expect(normalizeCertificateCode('7k3m-q9xd-2hft')).toBe('7K3M-Q9XD-2HFT');
    expect(normalizeCertificateCode('7K3MQ9XD2HFT')).toBe('7K3M-Q9XD-2HFT');
    expect(normalizeCertificateCode(' 7K3M Q9XD 2HFT ')).toBe('7K3M-Q9XD-2HFT');
    expect(normalizeCertificateCode('7K3M–Q9XD—2HFT')).toBe('7K3M-Q9XD-2HFT');
  });

  it('reads O as 0 and I or L as 1', () => {
    expect(normalizeCertificateCode('OOOO-IIII-LLLL')).toBe('0000-1111-1111');
    expect(normalizeCertificateCode('oili-0000-0000')).toBe('0111-0000-0000');
  });

  it('rejects what cannot be a code', () => {
    expect(normalizeCertificateCode('')).toBeNull();
    expect(normalizeCertificateCode('7K3M-Q9XD-2HF')).toBeNull();
    expect(normalizeCertificateCode('7K3M-Q9XD-2HFTX')).toBeNull();
    expect(normalizeCertificateCode('UUUU-0000-0000')).toBeNull();
    expect(normalizeCertificateCode('7K3M/Q9XD/2HFT')).toBeNull();
    expect(normalizeCertificateCode('ӘӘӘӘ-0000-0000')).toBeNull();
  });

  it('round-trips every generated code', () => {
    for (let i = 0; i < 100; i++) {
      const code = generateCertificateCode();
      expect(normalizeCertificateCode(code.toLowerCase().replace(/-/g, ''))).toBe(code);
    }
  });
});
