/**
 * The admin CSV downloads (audit log, programme report) start alike: only an admin gets one,
 * and each leaves a `report.export` entry in the audit log naming what was exported and how.
 */
import type { Database } from '#db/client.ts';
import type { Role } from '#db/schema.ts';
import { checkAccess } from '#lib/auth/roles.ts';
import { recordAudit } from '#lib/audit/audit.server.ts';

export type AdminExport =
  | {
      ok: true;
      /** Writes the export to the audit log; the audit log's own export calls it after reading its rows. */
      recordExport: (
        db: Database,
        target: 'audit' | 'programme' | 'grants',
        details: Record<string, unknown>,
      ) => Promise<void>;
    }
  | { ok: false; response: Response };

/** Lets an admin export; anyone else gets 401 (not signed in) or 403 (another role), no body. */
export function authorizeAdminExport(
  user: { id: string; email: string; role: Role } | undefined,
  ip: string | undefined,
): AdminExport {
  const access = checkAccess(user, 'admin');
  if (access !== 'allowed' || !user)
    return { ok: false, response: new Response(null, { status: access === 'anonymous' ? 401 : 403 }) };
  const actor = { id: user.id, email: user.email, ip };
  return { ok: true, recordExport: (db, target, details) => recordAudit(db, actor, 'report.export', target, details) };
}
