/**
 * The admin's list of certificates: every one issued by this copy, newest first, found by code,
 * holder (name on the certificate or e-mail), course (folder or title) and status, so that an
 * admin can revoke one without asking the trainee for its code.
 */
import { and, count, desc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { certificates, users } from '#db/schema.ts';
import { normalizeCertificateCode } from '#lib/certificates/code.ts';
import { containsGlob } from '#lib/reports/trainees.ts';
import { ADMIN_PAGE_SIZE, countCap, type CertificateListQuery, type CertificateStatusFilter } from './listing.ts';

export interface CertificateListing {
  code: string;
  holderName: string;
  holderEmail: string;
  course: string;
  courseTitle: string;
  issuedAt: Date;
  status: Exclude<CertificateStatusFilter, 'all'>;
  revokedReason: string | null;
}

const byStatus: Record<CertificateStatusFilter, SQL | undefined> = {
  all: undefined,
  valid: and(isNull(certificates.revokedAt), isNull(certificates.replacedBy)),
  revoked: isNotNull(certificates.revokedAt),
  replaced: and(isNull(certificates.revokedAt), isNotNull(certificates.replacedBy)),
};

function matching(q: string): SQL | undefined {
  const pattern = containsGlob(q);
  if (!pattern) return undefined;
  const code = normalizeCertificateCode(q);
  return or(
    code ? eq(certificates.code, code) : undefined,
    sql`${certificates.code} GLOB ${pattern}`,
    sql`${certificates.holderName} GLOB ${pattern}`,
    sql`${users.email} GLOB ${pattern}`,
    sql`${certificates.course} GLOB ${pattern}`,
    sql`${certificates.courseTitle} GLOB ${pattern}`,
  );
}

/** One page of certificates that `query` finds, newest first, with how many (counted up to `countCap` + 1). */
export async function listIssuedCertificates(
  db: Database,
  query: CertificateListQuery,
  pageSize = ADMIN_PAGE_SIZE,
): Promise<{ rows: CertificateListing[]; total: number }> {
  const where = and(matching(query.q), byStatus[query.status]);
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        code: certificates.code,
        holderName: certificates.holderName,
        holderEmail: users.email,
        course: certificates.course,
        courseTitle: certificates.courseTitle,
        issuedAt: certificates.issuedAt,
        revokedAt: certificates.revokedAt,
        revokedReason: certificates.revokedReason,
        replacedBy: certificates.replacedBy,
      })
      .from(certificates)
      .innerJoin(users, eq(users.id, certificates.userId))
      .where(where)
      .orderBy(desc(certificates.issuedAt), desc(certificates.code))
      .limit(pageSize)
      .offset((query.page - 1) * pageSize),
    db.select({ n: count() }).from(
      db
        .select({ one: sql`1` })
        .from(certificates)
        .innerJoin(users, eq(users.id, certificates.userId))
        .where(where)
        .limit(countCap(query.page, pageSize) + 1)
        .as('counted'),
    ),
  ]);
  return {
    rows: rows.map(({ revokedAt, replacedBy, ...r }) => ({
      ...r,
      status: revokedAt ? 'revoked' : replacedBy ? 'replaced' : 'valid',
    })),
    total: counted?.n ?? 0,
  };
}
