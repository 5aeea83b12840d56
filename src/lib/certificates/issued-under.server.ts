/**
 * The addresses and keys this host's certificates were signed under, read from the stored
 * credentials themselves: every VC-JWT header names its key as `{baseUrl}/keys/{thumbprint}.json`,
 * and a site issues thousands of credentials under a handful of distinct headers. So the
 * database records, with nothing to keep in step, which base URLs credentials were issued under
 * (kept as aliases after a move, decision 025) and which keys must stay published (a restore
 * without them is refused at start-up).
 */
import { decodeProtectedHeader } from 'jose';
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';

export interface IssuedUnder {
  /** The base URL the credentials were issued under (no trailing slash). */
  baseUrl: string;
  /** The signing key's RFC 7638 thumbprint. */
  kid: string;
  /** When the last credential under this address and key was issued. */
  lastIssuedAt: Date;
  count: number;
}

const KEY_URL = /^(.+)\/keys\/([A-Za-z0-9_-]{43})\.json$/;

/** Each distinct (base URL, key) pair of the stored credentials, latest first. */
export async function credentialsIssuedUnder(db: Database): Promise<IssuedUnder[]> {
  const rows = await db.all<{ header: string; last: number; count: number }>(
    sql`SELECT substr(credential, 1, instr(credential, '.') - 1) AS header, max(issued_at) AS last, count(*) AS count
        FROM certificates GROUP BY header ORDER BY last DESC`,
  );
  const found: IssuedUnder[] = [];
  for (const row of rows) {
    const match = KEY_URL.exec(kidOf(`${row.header}.e30.`) ?? '');
    if (match) found.push({ baseUrl: match[1]!, kid: match[2]!, lastIssuedAt: new Date(row.last), count: row.count });
  }
  return found;
}

function kidOf(token: string): string | undefined {
  try {
    return decodeProtectedHeader(token).kid;
  } catch {
    return undefined;
  }
}

/** The base URLs credentials were issued under other than `current`, latest first. */
export function formerBaseUrls(issued: readonly IssuedUnder[], current: string): string[] {
  return [...new Set(issued.map((i) => i.baseUrl))].filter((url) => url !== current);
}

let cached: Promise<string[]> | undefined;

/**
 * This process's former base URLs (computed once: the current address is fixed for the life
 * of the process, so new credentials never add one).
 */
export function hostFormerBaseUrls(db: Database, current: string): Promise<string[]> {
  cached ??= credentialsIssuedUnder(db)
    .then((issued) => formerBaseUrls(issued, current))
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}
