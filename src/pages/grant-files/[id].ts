/**
 * A file attached to a grant proposal, always as a download (attachment, nosniff, a sandboxing
 * CSP), streamed piece by piece from the database. Only the proposal's team, admins and the
 * call's jurors without a conflict get it; everyone else, signed in or not, gets the same 404
 * as for an id that does not exist, so ids cannot be confirmed.
 */
import type { APIRoute } from 'astro';
import { fileDownloadHeaders } from '#lib/files/download.ts';
import { proposalFileFor, readProposalFile } from '#lib/grants/files.server.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals }) => {
  const id = params.id ?? '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return new Response(null, { status: 404 });
  const file = await proposalFileFor(locals.db, locals.user, id);
  if (!file) return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(readProposalFile(locals.db, file.id), { headers: fileDownloadHeaders(file) });
};
