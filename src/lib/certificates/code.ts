/**
 * Certificate codes: the short public name of a certificate, printed on it, read aloud on the
 * phone and typed into /verify. Twelve Crockford base32 symbols from 60 random bits, shown as
 * XXXX-XXXX-XXXX. Crockford's alphabet has no I, L, O or U, so what a person reads as one of
 * those is mapped back (O→0, I/L→1) and nothing is ambiguous on paper.
 *
 * 60 bits: with a million certificates issued, a guess hits one with odds of about 1 in 10^12,
 * and /verify is rate-limited besides.
 */

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;
const GROUP = 4;

/** A fresh, unguessable code such as `7K3M-Q9XD-2HFT` (60 bits from the system's CSPRNG). */
export function generateCertificateCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let symbols = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    symbols += CODE_ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  }
  return formatCode(symbols);
}

/**
 * The canonical form of what a person typed, or null when it cannot be a code: case and
 * spaces or dashes anywhere do not matter, and O, I and L count as 0, 1 and 1.
 */
export function normalizeCertificateCode(input: string): string | null {
  const symbols = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐-―_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (symbols.length !== CODE_LENGTH) return null;
  for (const symbol of symbols) {
    if (!CODE_ALPHABET.includes(symbol)) return null;
  }
  return formatCode(symbols);
}

function formatCode(symbols: string): string {
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += GROUP) groups.push(symbols.slice(i, i + GROUP));
  return groups.join('-');
}
