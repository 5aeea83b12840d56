/**
 * Files attached to grant proposals (decision 046) on a real libSQL file, through the functions
 * the routes call: the multipart form streamed into the shared file storage, kinds and sizes
 * refused before anything is kept, at most five files a field, the missing-items check of a
 * required file field, nothing added or removed once submitted, and who may fetch a file: the
 * team (lead and co-applicant) and admins, the call's jurors only when not in conflict (and not
 * an identifying field in blind review); never another applicant or another call's juror.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  grantCalls,
  grantConflicts,
  grantJurors,
  grantProposalFileChunks,
  grantProposalFiles,
  grantProposals,
} from '#db/schema.ts';
import { createUser, type User } from '#lib/auth/user.server.ts';
import { findCall, type Call } from '#lib/grants/calls.server.ts';
import { receiveProposalFiles } from '#lib/grants/file-form.server.ts';
import {
  deleteProposalFile,
  filesByField,
  listProposalFiles,
  proposalFileFor,
  readProposalFile,
  storeProposalFile,
} from '#lib/grants/files.server.ts';
import { DEFAULT_FORM, DEFAULT_RUBRIC, type FormField } from '#lib/grants/form-schema.ts';
import { missingItems } from '#lib/grants/proposal.ts';
import { joinProposal } from '#lib/grants/invitations.server.ts';
import { inviteCoApplicant, proposalForTeam, startProposal, type ProposalRow } from '#lib/grants/proposals.server.ts';
import { pdfBytes } from '../fixtures/submission.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const people: Record<string, User> = {};
/** The lead invites `who` and they follow the invitation's link, signed in. */
async function joinTeam(proposalId: string, who: string): Promise<void> {
  const invited = await inviteCoApplicant(
    t.db,
    (await proposalForTeam(t.db, proposalId, people.lead!))!,
    people[who]!.email,
  );
  if (!invited.ok || !invited.token) throw new Error('not invited');
  if (!(await joinProposal(t.db, invited.token, people[who]!.id)).ok) throw new Error('not joined');
}
const viewer = (name: string) => ({ id: people[name]!.id, email: people[name]!.email, role: people[name]!.role });
async function* source(data: Buffer, piece = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += piece) yield data.subarray(i, i + piece);
}
async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

async function makeCall(id: string, form: FormField[] = DEFAULT_FORM, blind = false): Promise<Call> {
  const now = Date.now();
  await t.db.insert(grantCalls).values({
    id,
    title: { en: id },
    description: {},
    eligibility: { kind: 'everyone', ids: [] },
    opensAt: new Date(now - 3600_000),
    closesAt: new Date(now + 3600_000),
    budgetTenge: 1_000_000,
    maxPerProjectTenge: 600_000,
    form,
    rubric: DEFAULT_RUBRIC,
    blind,
    state: 'open',
    createdAt: new Date(),
  });
  return (await findCall(t.db, id))!;
}

async function start(call: Call, lead: string): Promise<ProposalRow> {
  const started = await startProposal(t.db, call, people[lead]!.id);
  if (!started.ok) throw new Error(started.error);
  return started.proposal;
}

const upload = (proposal: ProposalRow, data: Buffer, name = 'plan.pdf', fieldId = 'attachments') =>
  storeProposalFile(t.db, { proposal, fieldId, userId: proposal.leadId, name, data: source(data) });

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [name, role] of [
    ['admin', 'admin'],
    ['lead', 'learner'],
    ['co', 'learner'],
    ['rival', 'learner'],
    ['juror', 'trainer'],
    ['conflicted', 'learner'],
    ['elsewhere', 'learner'],
  ] as const)
    people[name] = (await createUser(t.db, {
      name: `Person ${name}`,
      email: `${name}@grant-files.test`,
      password: 'x'.repeat(12),
      locale: 'en',
      region: null,
      organisation: null,
      role,
    }))!;
});
afterAll(async () => {
  await t?.cleanup();
});

describe('storing a proposal file', () => {
  test('a PDF is stored in pieces and read back whole; its kind comes from the content', async () => {
    const call = await makeCall('files-store');
    const proposal = await start(call, 'lead');
    const data = pdfBytes(600 * 1024);
    const stored = await upload(proposal, data, '../../Схема участка.pdf');
    expect(stored).toMatchObject({ ok: true, file: { name: 'Схема участка.pdf', kind: 'pdf', size: data.length } });
    if (!stored.ok) return;
    expect((await bytesOf(readProposalFile(t.db, stored.file.id))).equals(data)).toBe(true);
    const chunks = await t.db
      .select({ seq: grantProposalFileChunks.seq })
      .from(grantProposalFileChunks)
      .where(eq(grantProposalFileChunks.fileId, stored.file.id));
    expect(chunks).toHaveLength(3);
  });

  test('a page, an oversized file or a sixth file is refused and nothing of it stays', async () => {
    const call = await makeCall('files-refused');
    const proposal = await start(call, 'lead');
    const html = Buffer.from('<!doctype html><script>alert(1)</script>'.padEnd(2000, ' '));
    expect(await upload(proposal, html, 'plan.pdf')).toEqual({ ok: false, error: 'grants.error.file_kind' });
    expect(await upload(proposal, pdfBytes(10 * 1024 * 1024 + 1))).toEqual({
      ok: false,
      error: 'grants.error.file_too_large',
    });
    expect(await upload(proposal, Buffer.alloc(0))).toEqual({ ok: false, error: 'grants.error.file_empty' });
    for (let i = 0; i < 5; i++) expect(await upload(proposal, pdfBytes(2000))).toMatchObject({ ok: true });
    expect(await upload(proposal, pdfBytes(2000))).toEqual({ ok: false, error: 'grants.error.too_many_files' });
    const rows = await t.db.select().from(grantProposalFiles).where(eq(grantProposalFiles.proposalId, proposal.id));
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.storedAt !== null && r.kind === 'pdf')).toBe(true);
  });

  test('a required file field without a file is missing; with one it is not', () => {
    const form = DEFAULT_FORM.map((f) => (f.kind === 'file' ? { ...f, required: true } : f));
    const label = (f: FormField) => f.label.en ?? f.id;
    const content = { answers: {}, budget: [] };
    const keys = (files: Record<string, number>) =>
      missingItems(form, { ...content, files }, 600_000, label).map((m) => m.key);
    expect(keys({})).toContain('grants.missing.file');
    expect(keys(filesByField([{ fieldId: 'attachments' }]))).not.toContain('grants.missing.file');
  });
});

describe('the file form', () => {
  /** The form as a browser sends it: its multipart bytes, streamed. */
  const post = async (form: FormData) => {
    const request = new Request('http://oqu.test/', { method: 'POST', body: form });
    const bytes = await request.arrayBuffer();
    return { contentType: request.headers.get('content-type') ?? '', body: new Blob([bytes]).stream() };
  };

  test('a member of the team attaches files through the multipart form and removes one', async () => {
    const call = await makeCall('files-form');
    const proposal = await start(call, 'lead');
    await joinTeam(proposal.id, 'co');
    const access = (await proposalForTeam(t.db, proposal.id, people.co!))!;
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(pdfBytes(3000))]), 'a.pdf');
    form.append('files', new Blob([new Uint8Array(pdfBytes(4000))]), 'b.pdf');
    const sent = await receiveProposalFiles(t.db, {
      access,
      userId: people.co!.id,
      fieldId: 'attachments',
      ...(await post(form)),
    });
    expect(sent).toEqual({ ok: true, stored: 2, removed: false });
    const files = await listProposalFiles(t.db, proposal.id);
    expect(files.map((f) => f.name)).toEqual(['a.pdf', 'b.pdf']);
    const removal = new FormData();
    removal.append('remove', files[0]!.id);
    expect(
      await receiveProposalFiles(t.db, {
        access,
        userId: people.co!.id,
        fieldId: 'attachments',
        ...(await post(removal)),
      }),
    ).toEqual({ ok: true, stored: 0, removed: true });
    expect((await listProposalFiles(t.db, proposal.id)).map((f) => f.name)).toEqual(['b.pdf']);
    // A field that is not a file field of the call takes nothing.
    const other = new FormData();
    other.append('files', new Blob([new Uint8Array(pdfBytes(3000))]), 'c.pdf');
    expect(
      await receiveProposalFiles(t.db, { access, userId: people.co!.id, fieldId: 'title', ...(await post(other)) }),
    ).toEqual({ ok: false, error: 'grants.error.form_broken' });
  });
});

describe('who may fetch a file', () => {
  test('the team and admins; jurors not in conflict once submitted; never another applicant', async () => {
    const call = await makeCall('files-access');
    const other = await makeCall('files-access-other');
    const proposal = await start(call, 'lead');
    await start(call, 'rival');
    await joinTeam(proposal.id, 'co');
    const stored = await upload(proposal, pdfBytes(2000));
    if (!stored.ok) throw new Error(stored.error);
    const id = stored.file.id;
    await t.db.insert(grantJurors).values([
      { callId: call.id, userId: people.juror!.id, addedAt: new Date() },
      { callId: call.id, userId: people.conflicted!.id, addedAt: new Date() },
      { callId: other.id, userId: people.elsewhere!.id, addedAt: new Date() },
    ]);
    const may = async (name: string) => (await proposalFileFor(t.db, viewer(name), id))?.id === id;
    // A draft: the jury does not see it yet.
    expect(await may('juror')).toBe(false);
    await t.db
      .update(grantProposals)
      .set({ status: 'submitted', submittedAt: new Date() })
      .where(eq(grantProposals.id, proposal.id));
    await t.db
      .insert(grantConflicts)
      .values({ proposalId: proposal.id, jurorId: people.conflicted!.id, declaredAt: new Date() });
    expect(await proposalFileFor(t.db, undefined, id)).toBeNull();
    for (const name of ['lead', 'co', 'admin', 'juror']) expect(await may(name), name).toBe(true);
    for (const name of ['rival', 'conflicted', 'elsewhere']) expect(await may(name), name).toBe(false);
    // Once submitted, nothing is added or removed.
    const fresh = { ...proposal, status: 'submitted' as const };
    expect(await upload(fresh, pdfBytes(2000))).toEqual({ ok: false, error: 'grants.error.not_draft' });
    expect(await deleteProposalFile(t.db, proposal.id, id)).toBe(false);
  });

  test('in blind review a juror does not get the files of an identifying field', async () => {
    const form = DEFAULT_FORM.map((f) => (f.kind === 'file' ? { ...f, identifying: true } : f));
    const call = await makeCall('files-blind', form, true);
    const proposal = await start(call, 'lead');
    const stored = await upload(proposal, pdfBytes(2000));
    if (!stored.ok) throw new Error(stored.error);
    await t.db.update(grantProposals).set({ status: 'submitted' }).where(eq(grantProposals.id, proposal.id));
    await t.db.insert(grantJurors).values({ callId: call.id, userId: people.juror!.id, addedAt: new Date() });
    expect(await proposalFileFor(t.db, viewer('juror'), stored.file.id)).toBeNull();
    expect((await proposalFileFor(t.db, viewer('lead'), stored.file.id))?.id).toBe(stored.file.id);
  });
});
