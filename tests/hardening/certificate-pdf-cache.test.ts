/**
 * A certificate's PDF rendered once and served like a file (decision 059), through the real
 * server, seen from outside: its cache folder and its metrics.
 * - 50 simultaneous first downloads give 50 identical 200s, one rendering and one file;
 * - the ETag answers a conditional request with 304, HEAD with the headers alone;
 * - a restarted server serves the kept file (read from disk, not rendered, file untouched);
 * - a change of the stored snapshot gives a new PDF (new ETag, the old file gone), whose kept
 *   file pdftotext reads with the Kazakh holder's name;
 * - once revoked: 410 at once, also to a request that carries the old ETag, and the file removed.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../helpers/server.ts';
import { createDatabase, closeDatabase } from '#db/client.ts';
import { HttpClient, type HttpResponse } from './lib/http.ts';
import { parse, value } from './lib/metrics.ts';
import { databaseFile, startServer, troubleInLog, type RunningServer } from './lib/server.ts';
import { createWorld, type World } from './lib/world.ts';

const KAZAKH_NAME = 'Әлия Қасымқызы Нұрланова';
let w: World;
let code: string;
let metricsPort: number;
/** The server now answering (the world's, then its successors on the same data). */
let server: RunningServer;
let http: HttpClient;
const stopped: RunningServer[] = [];

beforeAll(async () => {
  metricsPort = await freePort();
  w = await createWorld('certificate-pdf-cache', { sessions: 2, env: { OQU_METRICS_PORT: String(metricsPort) } });
  code = w.certificateCode;
  server = w.server;
  http = w.http;
});
afterAll(async () => {
  if (server !== w?.server) {
    http.close();
    await server.stop();
  }
  await w?.close();
});

const pdfPath = () => `/certificates/${code}.pdf`;
const folder = () => join(w.dataDir, 'cache', 'certificates', code.slice(0, 2), code);
const kept = (): string[] => {
  try {
    return readdirSync(folder()).sort();
  } catch {
    return [];
  }
};

async function pdfCounts(): Promise<Record<'memory' | 'disk' | 'rendered', number>> {
  const s = parse(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
  const of = (source: string) => value(s, 'oqu_certificate_pdfs_total', { source });
  return { memory: of('memory'), disk: of('disk'), rendered: of('rendered') };
}

/** Stops the server answering now and starts another on the same data, as a restart does. */
async function restart(between?: () => Promise<void>): Promise<void> {
  if (server === w.server) await w.server.stop();
  else {
    http.close();
    await server.stop();
  }
  stopped.push(server);
  await between?.();
  server = await startServer({ dataDir: w.dataDir, env: { OQU_METRICS_PORT: String(metricsPort) } });
  http = new HttpClient(server.baseURL);
}

const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
const etagOf = (res: HttpResponse) => String(res.headers.etag);

describe('rendered once', () => {
  test('50 simultaneous first downloads: 50 identical 200s, one rendering, one file', async () => {
    expect(kept()).toEqual([]);
    const answers = await Promise.all(Array.from({ length: 50 }, () => http.get(pdfPath())));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(answers.every((a) => a.body.equals(answers[0]!.body))).toBe(true);
    expect(new Set(answers.map(etagOf)).size).toBe(1);
    expect(etagOf(answers[0]!)).toMatch(/^"[0-9a-f]{32}"$/);
    expect(kept()).toEqual([`${etagOf(answers[0]!).slice(1, -1)}.pdf`]);
    expect(await pdfCounts()).toEqual({ rendered: 1, disk: 0, memory: 49 });
  });

  test('keeps its headers; If-None-Match with the ETag is a 304 without a body; HEAD has no body', async () => {
    const full = await http.get(pdfPath());
    expect(full.headers['content-type']).toBe('application/pdf');
    expect(full.headers['content-disposition']).toBe(`inline; filename="certificate-${code}.pdf"`);
    expect(full.headers['cache-control']).toBe('private, max-age=300');
    expect(full.headers['x-content-type-options']).toBe('nosniff');
    expect(full.headers['content-security-policy']).toContain("default-src 'self'");
    const etag = etagOf(full);
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const again = await http.get(pdfPath(), { headers: { 'If-None-Match': header } });
      expect([again.status, again.body.length, etagOf(again)]).toEqual([304, 0, etag]);
      expect(again.headers['cache-control']).toBe('private, max-age=300');
    }
    expect((await http.get(pdfPath(), { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
    const head = await http.request('HEAD', pdfPath());
    expect([head.status, head.body.length, etagOf(head)]).toEqual([200, 0, etag]);
    expect(head.headers['content-type']).toBe('application/pdf');
    // Only the download without a matching ETag fetched the bytes, from memory.
    expect(await pdfCounts()).toMatchObject({ rendered: 1, disk: 0 });
  });
});

describe('kept across a restart and replaced when the snapshot changes', () => {
  test('a restarted server reads the kept file: same bytes and ETag, nothing rendered, file untouched', async () => {
    const before = await http.get(pdfPath());
    const [file] = kept();
    const stat = statSync(join(folder(), file!));
    await restart();
    const after = await http.get(pdfPath());
    expect(after.status).toBe(200);
    expect(after.body.equals(before.body)).toBe(true);
    expect(etagOf(after)).toBe(etagOf(before));
    expect(await pdfCounts()).toEqual({ rendered: 0, disk: 1, memory: 0 });
    const now = statSync(join(folder(), file!));
    expect([now.ino, now.mtimeMs]).toEqual([stat.ino, stat.mtimeMs]);
  });

  test('a new holder name in the stored certificate: a new PDF under a new ETag, the old file gone', async () => {
    const old = await http.get(pdfPath());
    await restart(async () => {
      // What an operator's correction in the database would do; the server reads it on the next request.
      const db = await createDatabase({ url: `file:${databaseFile(w.dataDir)}` });
      await db.$client.execute({
        sql: 'UPDATE certificates SET holder_name = ? WHERE code = ?',
        args: [KAZAKH_NAME, code],
      });
      closeDatabase(db);
    });
    const fresh = await http.get(pdfPath());
    expect(fresh.status).toBe(200);
    expect(etagOf(fresh)).not.toBe(etagOf(old));
    expect((await http.get(pdfPath(), { headers: { 'If-None-Match': etagOf(old) } })).status).toBe(200);
    expect(kept()).toEqual([`${etagOf(fresh).slice(1, -1)}.pdf`]);
    expect(await pdfCounts()).toMatchObject({ rendered: 1, disk: 0 });
    const text = pdfText(join(folder(), kept()[0]!));
    expect(text).toContain(KAZAKH_NAME);
    expect(text).toContain(code);
    expect(text).toMatch(/Берілген күні/);
  });
});

describe('revocation', () => {
  test('a revoked certificate is 410 at once, even to a request with its ETag, and its file is removed', async () => {
    const last = await http.get(pdfPath());
    expect(kept()).toHaveLength(1);
    const admin = w.cookie('admin');
    const revoked = await http.post(
      '/en/admin/',
      { intent: 'revoke', code, reason: 'Issued by mistake' },
      { cookie: admin },
    );
    expect(revoked.status).toBe(200);
    expect((await http.get(pdfPath())).status).toBe(410);
    expect((await http.get(pdfPath(), { headers: { 'If-None-Match': etagOf(last) } })).status).toBe(410);
    expect((await http.request('HEAD', pdfPath())).status).toBe(410);
    expect(kept()).toEqual([]);
    expect(readdirSync(join(w.dataDir, 'cache', 'certificates', code.slice(0, 2)))).toEqual([]);
  });

  test('no server logged a failure', () => {
    for (const s of [...stopped, server]) expect(troubleInLog(s.log())).toEqual([]);
  });
});
