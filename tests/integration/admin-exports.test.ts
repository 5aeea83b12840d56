/** Who may download the admin CSV exports, and the audit entry each download leaves. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '#lib/audit/audit.server.ts';
import { authorizeAdminExport } from '#lib/admin/exports.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

describe('admin exports', () => {
  it('answers 401 without a session and 403 for a learner or a trainer, with no body', async () => {
    const statuses = [];
    for (const user of [undefined, await makeUser(t.db, 'learner'), await makeUser(t.db, 'trainer')]) {
      const answer = authorizeAdminExport(user, '203.0.113.5');
      if (answer.ok) throw new Error('a non-admin was let through');
      expect(await answer.response.text()).toBe('');
      statuses.push(answer.response.status);
    }
    expect(statuses).toEqual([401, 403, 403]);
    expect((await listAudit(t.db, { limit: 10, offset: 0 })).total).toBe(0);
  });

  it('lets an admin export and records the export with who, from where, what and how', async () => {
    const admin = await makeUser(t.db, 'admin');
    const answer = authorizeAdminExport(admin, '203.0.113.5');
    if (!answer.ok) throw new Error(`refused: ${answer.response.status}`);
    await answer.recordExport(t.db, 'programme', { from: '2026-01', to: '2026-06' });
    const { rows } = await listAudit(t.db, { action: 'report.export', limit: 10, offset: 0 });
    expect(rows.map((r) => [r.actorId, r.actorEmail, r.target, r.ip, r.details])).toEqual([
      [admin.id, admin.email, 'programme', '203.0.113.5', { from: '2026-01', to: '2026-06' }],
    ]);
  });
});
