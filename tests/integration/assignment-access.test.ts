/** Who may fetch a submission's files: the author, an allocated peer, the course's trainers, admins; nobody else. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { courseTrainers, peerAllocations } from '#db/schema.ts';
import { submissionAccess } from '#lib/assignments/access.server.ts';
import { fileDownloadHeaders } from '#lib/files/download.ts';
import { findStoredFile, storeSubmissionFile } from '#lib/assignments/files.server.ts';
import { openDraft } from '#lib/assignments/submissions.server.ts';
import { pdfBytes, submissionAssignment } from '../fixtures/submission.ts';
import { makeUser } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

it('lets the author, an allocated peer, the course trainer and an admin in, and nobody else', async () => {
  const [author, peer, stranger, trainer, otherTrainer, admin] = [
    await makeUser(t.db),
    await makeUser(t.db),
    await makeUser(t.db),
    await makeUser(t.db, 'trainer'),
    await makeUser(t.db, 'trainer'),
    await makeUser(t.db, 'admin'),
  ];
  const now = new Date();
  await t.db.insert(courseTrainers).values([
    { userId: trainer.id, course: 'toc', assignedAt: now },
    { userId: otherTrainer.id, course: 'urbanism', assignedAt: now },
  ]);
  const assignment = submissionAssignment();
  const opened = await openDraft(t.db, { userId: author.id, course: 'toc', assignmentId: 'map', assignment });
  if (!opened.ok) throw new Error(opened.error);
  const data = (async function* () {
    yield pdfBytes();
  })();
  const stored = await storeSubmissionFile(t.db, {
    userId: author.id,
    draft: opened.draft,
    assignment,
    name: 'm.pdf',
    data,
  });
  if (!stored.ok) throw new Error(stored.error);
  const { submission } = (await findStoredFile(t.db, stored.file.id))!;
  await t.db
    .insert(peerAllocations)
    .values({ submissionId: submission.id, versionNumber: 1, reviewerId: peer.id, assignedAt: now });
  const access = (viewer?: { id: string; role: string }) => submissionAccess(t.db, viewer, submission);
  expect(await access(author)).toBe('author');
  expect(await access(peer)).toBe('peer');
  expect(await access(trainer)).toBe('staff');
  expect(await access(admin)).toBe('staff');
  expect(await access(stranger)).toBeNull();
  expect(await access(otherTrainer)).toBeNull();
  expect(await access(undefined)).toBeNull();
});

it('always sends a file as an attachment that is not sniffed or run, with its name in any script', () => {
  const headers = fileDownloadHeaders({ name: 'Карта "a".pdf', kind: 'pdf', size: 10 });
  expect(headers['Content-Disposition']).toBe(
    `attachment; filename="_____ _a_.pdf"; filename*=UTF-8''${encodeURIComponent('Карта "a".pdf')}`,
  );
  expect(headers).toMatchObject({
    'Content-Type': 'application/pdf',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  expect(fileDownloadHeaders({ name: 'x', kind: 'html', size: 1 })['Content-Type']).toBe('application/octet-stream');
});
