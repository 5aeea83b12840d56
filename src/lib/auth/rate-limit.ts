/**
 * Rate limits for the account forms, as fixed windows counted in the database (table
 * rate_limits) so that every app process shares them.
 *
 * | rule            | counts                                   | limit | window |
 * |-----------------|------------------------------------------|-------|--------|
 * | signin-account  | sign-in tries for one e-mail             | 10    | 15 min |
 * | signin-ip       | failed sign-ins from one address         | 100   | 15 min |
 * | register-ip     | registrations from one address           | 60    | 1 h    |
 * | register-email  | registrations tried for one e-mail       | 5     | 1 h    |
 * | reset-email     | reset e-mails requested for one e-mail   | 3     | 1 h    |
 * | reset-ip        | reset e-mails requested from one address | 20    | 1 h    |
 * | password-change | current-password checks for one account  | 10    | 15 min |
 *
 * Why these numbers: OWASP ASVS 2.2.1 allows at most 100 failed tries per hour per account;
 * 10 per 15 minutes (40 an hour) stays well under it while a person who mistypes a few times
 * is never stopped. The per-address limits are generous because a school class or an NGO
 * office signs in and registers from one NAT address at the same time. A tried sign-in
 * counts before the password is checked (so parallel guesses cannot slip through) and is
 * forgiven on success. IPv6 addresses are counted per /64, which one household gets.
 */
export interface RateLimitRule {
  name: string;
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;

export const RATE_LIMITS = {
  signInAccount: { name: 'signin-account', limit: 10, windowMs: 15 * MINUTE },
  signInIp: { name: 'signin-ip', limit: 100, windowMs: 15 * MINUTE },
  registerIp: { name: 'register-ip', limit: 60, windowMs: 60 * MINUTE },
  registerEmail: { name: 'register-email', limit: 5, windowMs: 60 * MINUTE },
  resetEmail: { name: 'reset-email', limit: 3, windowMs: 60 * MINUTE },
  resetIp: { name: 'reset-ip', limit: 20, windowMs: 60 * MINUTE },
  passwordChange: { name: 'password-change', limit: 10, windowMs: 15 * MINUTE },
  /** Certificate look-ups that find nothing, per address: enough for typos, not for guessing. */
  verifyMissIp: { name: 'verify-miss-ip', limit: 30, windowMs: 15 * MINUTE },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The verdict after a hit: `hits` counted so far in the window that started at `windowStartedAt`. */
export function judgeHits(rule: RateLimitRule, hits: number, windowStartedAt: Date, now: Date): RateLimitVerdict {
  if (hits <= rule.limit) return { allowed: true };
  const ms = windowStartedAt.getTime() + rule.windowMs - now.getTime();
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
}

/** The strictest of several verdicts (the longest wait wins). */
export function combineVerdicts(verdicts: readonly RateLimitVerdict[]): RateLimitVerdict {
  let wait = 0;
  for (const v of verdicts) if (!v.allowed) wait = Math.max(wait, v.retryAfterSeconds);
  return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
}

/**
 * The part of a client address that identifies one subscriber: IPv4 as is (also when
 * IPv4-mapped), IPv6 cut to its /64 prefix. Returns null when there is no address.
 */
export function addressSubject(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const address = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1] ?? null;
  if (!address.includes(':')) return address || null;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
