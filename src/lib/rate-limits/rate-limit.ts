/**
 * Rate limits for the account forms, as fixed windows counted in the database (table
 * rate_limits) so that every app process shares them.
 *
 * | rule            | counts                                                | limit | window |
 * |-----------------|-------------------------------------------------------|-------|--------|
 * | signin-pair     | failed sign-ins for one e-mail from one address       | 10    | 15 min |
 * |                 | (or from one browser it signed in on before)          |       |        |
 * | signin-account  | failed sign-ins for one e-mail from browsers it has   | 100   | 1 h    |
 * |                 | not signed in on (the ASVS ceiling)                   |       |        |
 * | signin-ip       | failed sign-ins from one address, any e-mail          | 100   | 15 min |
 * | register-ip     | registrations from one address                        | 60    | 1 h    |
 * | register-email  | registrations tried for one e-mail                    | 5     | 1 h    |
 * | reset-email     | reset e-mails requested for one e-mail                | 3     | 1 h    |
 * | reset-ip        | reset e-mails requested from one address              | 20    | 1 h    |
 * | password-change | current-password checks for one account               | 10    | 15 min |
 * |                 | (changing the password or deleting the account)      |       |        |
 * | data-export     | downloads of one account's personal data              | 10    | 1 h    |
 * | assignment-post | posts of an assignment's draft form by one account    | 120   | 15 min |
 * | discussion-post | threads and replies by one account                    | 30    | 15 min |
 * | discussion-new  | threads and replies by an account less than 7 days old| 6     | 15 min |
 * | discussion-ip   | threads and replies from one address                  | 200   | 15 min |
 * | checkin         | session check-ins tried by one account                | 20    | 15 min |
 * | checkin-ip      | session check-ins tried from one address              | 600   | 15 min |
 * | event-signup    | sign-ups and cancellations of sessions by one account | 60    | 15 min |
 * | event-signup-ip | sign-ups and cancellations from one address           | 1000  | 15 min |
 * | walk-in-miss    | walk-in addresses that found no one of the session's  | 20    | 15 min |
 * |                 | audience, per staff account (decision 061)            |       |        |
 *
 * Sign-in slows the guesser, not the owner (docs/decisions/012-sign-in-throttling.md): a
 * stranger's failures count against their own address (signin-pair, signin-ip), so the
 * owner's right password from an address that has not failed still works. The account-wide
 * ceiling (OWASP ASVS 2.2.1: at most 100 failed tries per hour per account) counts only
 * tries that reach the password check, and a browser that signed in to the account before
 * (its device cookie, signin-device) is never held by it. The per-address limits are
 * generous because a school class or an NGO office signs in and registers from one NAT
 * address at the same time. A tried sign-in counts before the password is checked (so
 * parallel guesses cannot slip through) and is forgiven on success. IPv6 addresses are
 * counted per /64, which one household gets.
 */
export interface RateLimitRule {
  name: string;
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;

export const RATE_LIMITS = {
  signInPair: { name: 'signin-pair', limit: 10, windowMs: 15 * MINUTE },
  signInAccount: { name: 'signin-account', limit: 100, windowMs: 60 * MINUTE },
  signInIp: { name: 'signin-ip', limit: 100, windowMs: 15 * MINUTE },
  registerIp: { name: 'register-ip', limit: 60, windowMs: 60 * MINUTE },
  registerEmail: { name: 'register-email', limit: 5, windowMs: 60 * MINUTE },
  resetEmail: { name: 'reset-email', limit: 3, windowMs: 60 * MINUTE },
  resetIp: { name: 'reset-ip', limit: 20, windowMs: 60 * MINUTE },
  passwordChange: { name: 'password-change', limit: 10, windowMs: 15 * MINUTE },
  /** Downloads of one's own data, per account: each reads every table of theirs. */
  dataExport: { name: 'data-export', limit: 10, windowMs: 60 * MINUTE },
  /** Course packages for other LMSs (SCORM, Common Cartridge) per account: each zips a whole course. */
  coursePackage: { name: 'course-package', limit: 20, windowMs: 60 * MINUTE },
  /** Test e-mails from the admin page, per admin: enough to try a few settings, not a mail relay. */
  testMail: { name: 'test-mail', limit: 10, windowMs: 60 * MINUTE },
  /** Certificate look-ups that find nothing, per address: enough for typos, not for guessing. */
  verifyMissIp: { name: 'verify-miss-ip', limit: 30, windowMs: 15 * MINUTE },
  /** Peer-review actions (asking for work, reviews, flags) per account: a class's pace, not a script's. */
  peerAction: { name: 'peer-action', limit: 60, windowMs: 15 * MINUTE },
  /** Saves, uploads and hand-ins of assignment drafts, per account: plenty for work, not for flooding. */
  assignmentPost: { name: 'assignment-post', limit: 120, windowMs: 15 * MINUTE },
  /** Uploads and removals of a grant proposal's files, per account. */
  grantFilePost: { name: 'grant-file-post', limit: 60, windowMs: 15 * MINUTE },
  /** Discussion posts per account: a lively conversation, not a flood. */
  discussionPost: { name: 'discussion-post', limit: 30, windowMs: 15 * MINUTE },
  /** The same for an account less than a week old (a fresh spam account gets little out). */
  discussionPostNew: { name: 'discussion-new', limit: 6, windowMs: 15 * MINUTE },
  /** Discussion posts from one address: a classroom behind one NAT posts together. */
  discussionPostIp: { name: 'discussion-ip', limit: 200, windowMs: 15 * MINUTE },
  /** Check-ins with a session's QR code, per account: a few rescans, not a guesser. */
  checkIn: { name: 'checkin', limit: 20, windowMs: 15 * MINUTE },
  /** The same per address: a whole hall checks in over one NAT within minutes. */
  checkInIp: { name: 'checkin-ip', limit: 600, windowMs: 15 * MINUTE },
  /** Sign-ups and cancellations of sessions per account: a busy week's choices, not a script. */
  eventSignup: { name: 'event-signup', limit: 60, windowMs: 15 * MINUTE },
  /** The same per address: a forum opening to a whole organisation behind one NAT. */
  eventSignupIp: { name: 'event-signup-ip', limit: 1000, windowMs: 15 * MINUTE },
  /**
   * Walk-in addresses that found no account, or no one of the session's audience, per staff
   * account: room for typos, not for finding out which addresses have accounts (decision 061).
   */
  walkInMiss: { name: 'walk-in-miss', limit: 20, windowMs: 15 * MINUTE },
} as const satisfies Record<string, RateLimitRule>;

/** How long a browser that signed in stays trusted by the account-wide ceiling (its device cookie). */
export const TRUSTED_DEVICE_DAYS = 180;

/**
 * Keys of the trusted-browser marks (auth/trusted-device.server.ts) that share the rate_limits
 * table: pruned after TRUSTED_DEVICE_DAYS, not with the counters.
 */
export const DEVICE_KEY_PREFIX = 'signin-device:';

/**
 * The subject of the signin-pair rule: one account tried from one address, or from one
 * browser that signed in to it before (then its address does not matter, so a guesser behind
 * the same NAT does not hold the owner either).
 */
export function signInPairSubject(email: string, where: { ip: string | null; deviceHash?: string | null }): string {
  return where.deviceHash ? `${email}|device:${where.deviceHash}` : `${email}|${where.ip ?? 'unknown'}`;
}

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
  const address = ip
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1] ?? null;
  if (!address.includes(':')) return address || null;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
