/**
 * A submission file, always as a download (attachment, nosniff, a sandboxing CSP), streamed
 * piece by piece from the database. Only its author, a peer allocated to review it, the
 * course's trainers and admins get it; everyone else, signed in or not, gets the same 404 as
 * for an id that does not exist, so ids cannot be confirmed.
 */
import type { APIRoute } from 'astro';
import { submissionAccess } from '#lib/assignments/access.server.ts';
import { fileDownloadHeaders } from '#lib/files/download.ts';
import { findStoredFile, readSubmissionFile } from '#lib/assignments/files.server.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals }) => {
  const id = params.id ?? '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return new Response(null, { status: 404 });
  const found = await findStoredFile(locals.db, id);
  const access = found && (await submissionAccess(locals.db, locals.user, found.submission));
  if (!found || !access) return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(readSubmissionFile(locals.db, found.file.id), { headers: fileDownloadHeaders(found.file) });
};
