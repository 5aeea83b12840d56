/**
 * Money in grant competitions is whole tenge, held as integers and added as integers (decision
 * 040): a budget line, a request, an award and a call's budget are never floating point.
 */

/** The largest sum Oqu accepts, far above any grant and well inside exact integers. */
export const MAX_TENGE = 1_000_000_000_000;

/**
 * Whole tenge from what a person typed: digits with optional spaces (also no-break and thin
 * ones) between groups and an optional "₸" or "тг" after. A fraction, a sign or anything else is
 * refused (null): "1 500 000 ₸" is 1500000, "1500.50" and "-3" are null.
 */
export function parseTenge(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/\s*(₸|тг\.?|тенге|теңге|KZT)$/iu, '')
    .replace(/[\s\u00a0\u202f]/gu, '');
  if (!/^\d{1,13}$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return value <= MAX_TENGE ? value : null;
}

/** The sum of whole amounts, checked to stay exact. */
export function sumTenge(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`not a whole tenge amount: ${amount}`);
    total += amount;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('the sum left the range of exact integers');
  return total;
}

/** Groups of three digits and the tenge sign, as people in Kazakhstan write it: "1 500 000 ₸". */
export function formatTenge(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}\u00a0₸`;
}
