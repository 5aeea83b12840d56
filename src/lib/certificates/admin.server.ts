/** What an admin does to certificates, with the checks the admin page needs. */
import type { Database } from '../../../db/client.ts';
import { findUserById } from '../auth/user.server.ts';
import { findCourse } from '../courses/load.ts';
import type { SiteConfig } from '../site/config.ts';
import { certificateSubject, issuerSnapshot } from './award.server.ts';
import { findCertificate, reissueCertificate, revokeCertificate, type Certificate } from './certificates.server.ts';
import { normalizeCertificateCode } from './code.ts';
import { hostSigningKeys } from './signing.server.ts';

type AdminResult = { ok: true; certificate: Certificate } | { ok: false; error: 'admin.certificate_not_found' | 'admin.reason_required' };

/** Revokes a current certificate with a reason, recording the admin. */
export async function revokeByAdmin(db: Database, input: { code: string; reason: string; adminId: string }): Promise<AdminResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, error: 'admin.reason_required' };
  const code = normalizeCertificateCode(input.code);
  const existing = code ? await findCertificate(db, code) : null;
  if (!existing || existing.replacedBy) return { ok: false, error: 'admin.certificate_not_found' };
  const certificate = await revokeCertificate(db, existing.code, reason, input.adminId);
  return certificate ? { ok: true, certificate } : { ok: false, error: 'admin.certificate_not_found' };
}

/** Re-issues a certificate with the holder's current name (after a correction). */
export async function reissueByAdmin(db: Database, rawCode: string, site: SiteConfig): Promise<AdminResult> {
  const code = normalizeCertificateCode(rawCode);
  const old = code ? await findCertificate(db, code) : null;
  const holder = old ? await findUserById(db, old.userId) : null;
  const course = old ? await findCourse(old.course) : undefined;
  if (!old || !holder || !course || old.replacedBy || old.revokedAt) return { ok: false, error: 'admin.certificate_not_found' };
  const fresh = await reissueCertificate(db, old.code, certificateSubject(holder, course), issuerSnapshot(site, holder.locale), (await hostSigningKeys()).current);
  return fresh ? { ok: true, certificate: fresh } : { ok: false, error: 'admin.certificate_not_found' };
}
