/**
 * Submissions for the hardening worlds: a trainee's handed-in work with one stored PDF, written
 * straight into the database before the server starts (as the domain would store it), and the
 * first assignment a shipped course has, if any.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { coursesDir } from './courses.ts';
import type { Database } from './db.ts';

/** The id of an assignment of `course` (its first file under assignments/), or undefined. */
export function firstAssignment(course: string): string | undefined {
  const dir = join(coursesDir, course, 'assignments');
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()[0]
    ?.replace(/\.yaml$/, '');
}

/** Stores a handed-in version by `userId` with one PDF whose file id is `fileId`. */
export async function seedSubmissionFile(
  db: Database,
  input: { userId: string; course: string; assignment: string; fileId: string },
): Promise<void> {
  const now = Date.now();
  const submission = `${input.fileId}-s`;
  const version = `${input.fileId}-v`;
  const data = Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), Buffer.alloc(500, 0x20)]);
  await db.$client.batch([
    {
      sql: `INSERT INTO submissions
        (id, user_id, course, assignment, state, version, revision, created_at, submitted_at)
        VALUES (?, ?, ?, ?, 'submitted', 1, 1, ?, ?)`,
      args: [submission, input.userId, input.course, input.assignment, now, now],
    },
    {
      sql: `INSERT INTO submission_versions (id, submission_id, number, body, created_at, submitted_at)
        VALUES (?, ?, 1, ?, ?, ?)`,
      args: [version, submission, 'My map', now, now],
    },
    {
      sql: `INSERT INTO submission_files (id, version_id, name, kind, size, sha256, stored_at)
        VALUES (?, ?, 'map.pdf', 'pdf', ?, '', ?)`,
      args: [input.fileId, version, data.length, now],
    },
    { sql: 'INSERT INTO submission_file_chunks (file_id, seq, data) VALUES (?, 0, ?)', args: [input.fileId, data] },
  ]);
}
