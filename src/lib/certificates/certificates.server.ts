/**
 * Certificates in the database: issued exactly once per trainee and course (a partial unique
 * index decides, so concurrent completions cannot issue two), looked up by code, revoked
 * with a reason, and re-issued after a name correction (the old one then shows as replaced).
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { certificates, type CertificateEdition, type CertificateRow } from '#db/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { buildCredential, newCredentialIdentity, signCredential, type CredentialAlignment } from './credential.ts';
import { generateCertificateCode } from './code.ts';
import type { SigningKey } from './keys.ts';
import { countCertificateIssued } from '#lib/observe/metrics.ts';

export type Certificate = CertificateRow;
export type { CertificateEdition };

/** What the certificate says, decided by the caller from the user, the course and the site. */
export interface CertificateSubject {
  userId: string;
  email: string;
  holderName: string;
  locale: Locale;
  course: string;
  courseTitle: string;
  courseDescription?: string;
  criteria?: string;
  hours: number;
  /** The competencies the course develops, carried by the credential (decision 034). */
  alignments?: readonly CredentialAlignment[];
  /** The competencies the holder demonstrated, in `locale`, for the PDF (decision 035). */
  competencies?: readonly string[];
  /** Each printed language's words when it is not `locale` alone (decision 048). */
  editions?: readonly CertificateEdition[];
}

export interface IssuerSnapshot {
  baseUrl: string;
  name: string;
  url?: string;
  signatoryName: string;
  signatoryTitle: string;
}

async function newRow(
  subject: CertificateSubject,
  issuer: IssuerSnapshot,
  key: SigningKey,
  now: Date,
): Promise<Certificate> {
  const code = generateCertificateCode();
  const credential = buildCredential(
    {
      code,
      holderName: subject.holderName,
      email: subject.email,
      courseSlug: subject.course,
      courseTitle: subject.courseTitle,
      courseDescription: subject.courseDescription,
      criteria: subject.criteria,
      hours: subject.hours,
      issuedAt: now,
      locale: subject.locale,
      alignments: subject.alignments,
    },
    { baseUrl: issuer.baseUrl, name: issuer.name, url: issuer.url },
    newCredentialIdentity(),
  );
  return {
    code,
    userId: subject.userId,
    course: subject.course,
    locale: subject.locale,
    holderName: subject.holderName,
    courseTitle: subject.courseTitle,
    hours: subject.hours,
    issuedAt: now,
    issuerName: issuer.name,
    signatoryName: issuer.signatoryName,
    signatoryTitle: issuer.signatoryTitle,
    credential: await signCredential(credential, key, issuer.baseUrl),
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    replacedBy: null,
    competencies: subject.competencies?.length ? [...subject.competencies] : null,
    editions: subject.editions?.length ? [...subject.editions] : null,
  };
}

/** The trainee's current (not replaced) certificate for a course, if any. */
export async function findCurrentCertificate(
  db: Database,
  userId: string,
  course: string,
): Promise<Certificate | null> {
  const row = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.course, course), isNull(certificates.replacedBy)))
    .get();
  return row ?? null;
}

/**
 * Issues the certificate for a completed course, once: a second call (or fifty at the same
 * moment) returns the one already issued, with `issuedNow: false`.
 */
export async function issueCertificate(
  db: Database,
  subject: CertificateSubject,
  issuer: IssuerSnapshot,
  key: SigningKey,
  now: Date = new Date(),
): Promise<{ certificate: Certificate; issuedNow: boolean }> {
  const existing = await findCurrentCertificate(db, subject.userId, subject.course);
  if (existing) return { certificate: existing, issuedNow: false };
  const row = await newRow(subject, issuer, key, now);
  const inserted = await db.insert(certificates).values(row).onConflictDoNothing().returning();
  if (inserted[0]) {
    countCertificateIssued();
    return { certificate: inserted[0], issuedNow: true };
  }
  const winner = await findCurrentCertificate(db, subject.userId, subject.course);
  if (!winner) throw new Error(`certificate for ${subject.userId}/${subject.course} neither inserted nor found`);
  return { certificate: winner, issuedNow: false };
}

export async function findCertificate(db: Database, code: string): Promise<Certificate | null> {
  return (await db.select().from(certificates).where(eq(certificates.code, code)).get()) ?? null;
}

/** A trainee's certificates, newest first (replaced ones included, so links keep working). */
export async function listCertificates(db: Database, userId: string): Promise<Certificate[]> {
  return db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.issuedAt));
}

/** Revokes a certificate, recording who did it and why. Revoking twice keeps the first record. */
export async function revokeCertificate(
  db: Database,
  code: string,
  reason: string,
  byUserId: string,
  now: Date = new Date(),
): Promise<Certificate | null> {
  const rows = await db
    .update(certificates)
    .set({ revokedAt: now, revokedReason: reason, revokedBy: byUserId })
    .where(and(eq(certificates.code, code), isNull(certificates.revokedAt)))
    .returning();
  return rows[0] ?? (await findCertificate(db, code));
}

/**
 * Issues a new certificate in place of `code` (after the holder's name was corrected): the
 * old one is marked replaced by the new code in the same transaction.
 */
export async function reissueCertificate(
  db: Database,
  code: string,
  subject: CertificateSubject,
  issuer: IssuerSnapshot,
  key: SigningKey,
  now: Date = new Date(),
): Promise<Certificate | null> {
  const old = await findCertificate(db, code);
  if (!old || old.replacedBy || old.userId !== subject.userId || old.course !== subject.course) return null;
  // A reissue (a name corrected) keeps the competencies and languages of the issue unless told otherwise.
  const row = await newRow(
    {
      ...subject,
      competencies: subject.competencies ?? old.competencies ?? [],
      editions: subject.editions ?? old.editions ?? [],
    },
    issuer,
    key,
    now,
  );
  const [replaced] = await db.batch([
    db
      .update(certificates)
      .set({ replacedBy: row.code })
      .where(and(eq(certificates.code, code), isNull(certificates.replacedBy)))
      .returning(),
    db.insert(certificates).values(row).onConflictDoNothing(),
  ]);
  if (replaced.length !== 1) return null;
  countCertificateIssued();
  return (await findCertificate(db, row.code)) ?? null;
}

/** valid | revoked | replaced, for the verify page and the credential status. */
export function certificateState(c: Certificate): 'valid' | 'revoked' | 'replaced' {
  if (c.revokedAt) return 'revoked';
  if (c.replacedBy) return 'replaced';
  return 'valid';
}
