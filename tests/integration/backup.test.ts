/** `oqu backup`: a consistent copy taken while writes go on holds every row written before it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { backupDatabase } from '#db/backup.ts';
import { closeDatabase, createDatabase } from '#db/client.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { findStoredFile, readSubmissionFile, storeSubmissionFile } from '#lib/assignments/files.server.ts';
import { handIn, openDraft } from '#lib/assignments/submissions.server.ts';
import { pdfBytes, submissionAssignment } from '../fixtures/submission.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

test.skipIf(process.env.OQU_TEST_DATABASE_URL)(
  'the backup has every row committed before it, and opens as a working database',
  async () => {
    const user = (await createUser(t.db, {
      name: 'Backup Learner',
      email: 'backup@oqu.test',
      password: 'x'.repeat(12),
      locale: 'kk',
      region: null,
      organisation: null,
    }))!;
    const courses = Array.from({ length: 200 }, (_, i) => `course-${i}`);
    await Promise.all(courses.slice(0, 100).map((c) => enrol(t.db, user.id, c)));
    const target = join(mkdtempSync(join(tmpdir(), 'oqu-backup-')), 'copy.db');
    // Writes keep going while the copy is taken.
    const writing = Promise.all(courses.slice(100).map((c) => enrol(t.db, user.id, c)));
    await backupDatabase(t.db, t.url, target);
    await writing;
    const copy = await createDatabase({ url: `file:${target}` });
    const all = Number((await copy.$client.execute('SELECT count(*) AS n FROM enrollments')).rows[0]!.n);
    expect(all).toBeGreaterThanOrEqual(100);
    expect(all).toBeLessThanOrEqual(200);
    expect((await copy.$client.execute('PRAGMA integrity_check')).rows[0]![0]).toBe('ok');
    closeDatabase(copy);
    await expect(backupDatabase(t.db, t.url, target)).rejects.toThrow(/already exists/);
  },
);

test.skipIf(process.env.OQU_TEST_DATABASE_URL)(
  'a restored backup serves a submission and its file, byte for byte (decision 023)',
  async () => {
    const user = (await createUser(t.db, {
      name: 'Backup Trainee',
      email: 'backup-files@oqu.test',
      password: 'x'.repeat(12),
      locale: 'ru',
      region: null,
      organisation: null,
    }))!;
    const assignment = submissionAssignment({ handIn: { text: 'optional', files: { max: 1, kinds: ['pdf'] } } });
    const key = { userId: user.id, course: 'toc', assignmentId: 'map', assignment };
    const opened = await openDraft(t.db, key);
    if (!opened.ok) throw new Error(opened.error);
    const data = pdfBytes(700 * 1024);
    const stored = await storeSubmissionFile(t.db, {
      userId: user.id,
      draft: opened.draft,
      assignment,
      name: 'Карта.pdf',
      data: (async function* () {
        yield data;
      })(),
    });
    if (!stored.ok) throw new Error(stored.error);
    expect((await handIn(t.db, key)).ok).toBe(true);
    // Restoring is putting the copy in place of the database file: open the copy as the database.
    const target = join(mkdtempSync(join(tmpdir(), 'oqu-backup-')), 'restored.db');
    await backupDatabase(t.db, t.url, target);
    const restored = await createDatabase({ url: `file:${target}` });
    try {
      const found = await findStoredFile(restored, stored.file.id);
      expect(found).toMatchObject({
        file: { name: 'Карта.pdf', size: data.length },
        submission: { state: 'submitted' },
      });
      const parts: Uint8Array[] = [];
      for await (const part of readSubmissionFile(restored, stored.file.id)) parts.push(part);
      expect(Buffer.concat(parts).equals(data)).toBe(true);
    } finally {
      closeDatabase(restored);
    }
  },
);
