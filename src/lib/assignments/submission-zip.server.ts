/**
 * Every handed-in submission of an assignment, for a course or one cohort, as a zip streamed
 * to the trainer: one folder per trainee named by their display name (cleaned, unique), and
 * per version its answer as `version-N/answer.md` and its files beside it. yazl writes the
 * archive as it is read and asks for each file's bytes only when that entry's turn comes, so
 * neither the archive nor a file is ever held whole in memory.
 */
import { Readable } from 'node:stream';
import { and, asc, eq, isNotNull, ne } from 'drizzle-orm';
import { ZipFile } from 'yazl';
import type { Database } from '#db/client.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { submissions, submissionVersions, users } from '#db/schema.ts';
import { downloadName } from '#lib/files/file-name.ts';
import { listVersionFiles, readSubmissionFile } from './files.server.ts';
import { traineeFolder, uniqueNamer } from './zip-names.ts';

export interface ZipScope {
  course: string;
  assignmentId: string;
  cohortId?: string;
}

/** The answer file of a version: its Markdown as written, with the link below it when there is one. */
export function answerMarkdown(body: string, link: string | null): string {
  return link ? `${body.trimEnd()}\n\n<${link}>\n` : `${body.trimEnd()}\n`;
}

async function handedIn(db: Database, scope: ZipScope) {
  return db
    .select({ id: submissions.id, name: users.displayName, version: submissionVersions })
    .from(submissions)
    .innerJoin(users, eq(users.id, submissions.userId))
    .innerJoin(submissionVersions, eq(submissionVersions.submissionId, submissions.id))
    .where(
      and(
        eq(submissions.course, scope.course),
        eq(submissions.assignment, scope.assignmentId),
        ne(submissions.state, 'draft'),
        isNotNull(submissionVersions.submittedAt),
        scope.cohortId ? eq(submissions.cohortId, scope.cohortId) : undefined,
      ),
    )
    .orderBy(asc(users.displayName), asc(submissions.id), asc(submissionVersions.number));
}

/** The zip as a web stream, for a Response body; the export is written to the audit log. */
export async function submissionsZip(
  db: Database,
  scope: ZipScope,
  actor?: Actor,
): Promise<ReadableStream<Uint8Array>> {
  if (actor)
    await recordAudit(db, actor, 'report.export', `${scope.course}/${scope.assignmentId}/submissions.zip`, {
      cohortId: scope.cohortId ?? null,
    });
  const zip = new ZipFile();
  const folderName = uniqueNamer();
  const folders = new Map<string, { name: string; files: (name: string) => string }>();
  for (const row of await handedIn(db, scope)) {
    let folder = folders.get(row.id);
    if (!folder) {
      folder = { name: folderName(traineeFolder(row.name)), files: uniqueNamer() };
      folders.set(row.id, folder);
    }
    const dir = `${folder.name}/version-${row.version.number}`;
    const mtime = row.version.submittedAt ?? undefined;
    zip.addBuffer(Buffer.from(answerMarkdown(row.version.body, row.version.link)), `${dir}/answer.md`, { mtime });
    const names = uniqueNamer();
    names('answer.md');
    for (const file of await listVersionFiles(db, row.version.id)) {
      const name = names(downloadName(file.name, file.kind));
      zip.addReadStreamLazy(`${dir}/${name}`, { mtime, size: file.size, compress: false }, (done) =>
        done(null, Readable.fromWeb(readSubmissionFile(db, file.id) as import('node:stream/web').ReadableStream)),
      );
    }
  }
  zip.end();
  return Readable.toWeb(zip.outputStream as Readable) as ReadableStream<Uint8Array>;
}
