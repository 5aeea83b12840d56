/**
 * What an admin does to certificates, with the checks the admin page needs. Here in admin/
 * rather than certificates/ because it looks up the holder (auth/), which certificates/ does
 * not import.
 */
import type { Database } from '#db/client.ts';
import { findUserById } from '#lib/auth/user.server.ts';
import { certificateSubject, issuerSnapshot } from '#lib/certificates/award.server.ts';
import {
  findCertificate,
  reissueCertificate,
  revokeCertificate,
  type Certificate,
} from '#lib/certificates/certificates.server.ts';
import { normalizeCertificateCode } from '#lib/certificates/code.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import { programmeOfCertificate } from '#lib/courses/programme-schema.ts';
import { programmeSubject } from '#lib/programmes/award.server.ts';
import { readerChain } from '#lib/i18n/locales.ts';
import type { SiteConfig } from '#lib/site/config.ts';

type AdminResult =
  | { ok: true; certificate: Certificate }
  | { ok: false; error: 'admin.certificate_not_found' | 'admin.reason_required' };

/** Revokes a current certificate with a reason, recording the admin. */
export async function revokeByAdmin(
  db: Database,
  input: { code: string; reason: string; adminId: string },
): Promise<AdminResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, error: 'admin.reason_required' };
  const code = normalizeCertificateCode(input.code);
  const existing = code ? await findCertificate(db, code) : null;
  if (!existing || existing.replacedBy) return { ok: false, error: 'admin.certificate_not_found' };
  const certificate = await revokeCertificate(db, existing.code, reason, input.adminId);
  return certificate ? { ok: true, certificate } : { ok: false, error: 'admin.certificate_not_found' };
}

/** Re-issues a certificate with the holder's current name (after a correction); `courses` is the catalogue. */
export async function reissueByAdmin(
  db: Database,
  rawCode: string,
  context: { site: SiteConfig; courses: readonly CatalogCourse[] },
): Promise<AdminResult> {
  const code = normalizeCertificateCode(rawCode);
  const old = code ? await findCertificate(db, code) : null;
  const holder = old ? await findUserById(db, old.userId) : null;
  const course = old ? context.courses.find((c) => c.slug === old.course) : undefined;
  // A programme certificate (decision 047) names its programme, found through its courses.
  const programmeId = old ? programmeOfCertificate(old.course) : null;
  const programme = context.courses.flatMap((c) => c.programmes ?? []).find((p) => p.id === programmeId);
  if (!old || !holder || !(course || programme) || old.replacedBy || old.revokedAt)
    return { ok: false, error: 'admin.certificate_not_found' };
  const subject = course
    ? certificateSubject(
        holder,
        course,
        readerChain(context.site.locales.fallback, holder.locale),
        context.site.baseUrl,
      )
    : programmeSubject(holder, programme!, context.site);
  const fresh = await reissueCertificate(
    db,
    old.code,
    subject,
    issuerSnapshot(context.site, holder.locale),
    (await hostSigningKeys()).current,
  );
  return fresh ? { ok: true, certificate: fresh } : { ok: false, error: 'admin.certificate_not_found' };
}
