/**
 * 9. Uploads: ten trainees save a draft of the urbanism assignment at the same time, each post
 * 20 MB (two 10 MB PDFs, the course's largest files), through the real server on a fresh
 * database. Measures the server's resident memory idle, its peak while the uploads stream in
 * (sampled every 20 ms, and VmHWM), and the time until the last upload is stored. The server
 * streams each file into database chunks, so the peak must stay a small multiple of the
 * 200 MB in flight at most, far below it in practice (decision 023).
 */
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { peakRssMb, rssMb } from '../lib/processes.ts';
import { makeRow } from '../lib/report.ts';
import { sleep } from '../lib/stats.ts';
import { createDatabase, closeDatabase } from '#db/client.ts';

const PART = '9 Uploads';
const UPLOADS = 10;
const FILE_MB = 10;
const ASSIGNMENT = '/en/courses/urbanism/assignments/wayfinding-audit';

/** A PDF of `megabytes` (its header is what the kind is decided from), unique per upload. */
function pdf(megabytes: number, n: number): Blob {
  const head = Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n% upload ${n}\n`, 'latin1');
  return new Blob([head, Buffer.alloc(megabytes * 1024 * 1024 - head.length, 0x20)], { type: 'application/pdf' });
}

async function run(ctx: BenchContext): Promise<PartResult> {
  const seeded = await ctx.startSeededServer(UPLOADS);
  const pid = seeded.server.pid;
  try {
    await sleep(2000);
    const idle = rssMb(pid) ?? Number.NaN;
    let sampled = idle;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        sampled = Math.max(sampled, rssMb(pid) ?? 0);
        await sleep(20);
      }
    })();
    const started = performance.now();
    const statuses = await Promise.all(
      seeded.learners.slice(0, UPLOADS).map(async (learner, i) => {
        const form = new FormData();
        form.set('body', 'Wayfinding audit of Abai Avenue: signs, crossings, ramps.');
        form.set('link', '');
        form.append('files', pdf(FILE_MB, i * 2), `audit-${i}-a.pdf`);
        form.append('files', pdf(FILE_MB, i * 2 + 1), `audit-${i}-b.pdf`);
        const response = await fetch(seeded.server.baseURL + ASSIGNMENT, {
          method: 'POST',
          headers: { origin: seeded.server.baseURL, cookie: learner.cookie },
          body: form,
          redirect: 'manual',
        }).catch((error: unknown) => {
          throw new Error(`upload ${i}: ${String((error as { cause?: unknown }).cause ?? error)}`);
        });
        await response.arrayBuffer();
        return `${response.status} ${response.headers.get('location') ?? ''}`;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    const peak = peakRssMb(pid) ?? Number.NaN;
    const refused = statuses.filter((s) => !s.startsWith('303') || s.includes('error='));
    if (refused.length) throw new Error(`uploads refused: ${refused.join('; ')}`);
    const db = await createDatabase({ url: seeded.databaseUrl });
    let storedMb: number;
    try {
      const row = (
        await db.$client.execute('SELECT sum(size) AS bytes FROM submission_files WHERE stored_at IS NOT NULL')
      ).rows[0];
      storedMb = Number(row?.bytes ?? 0) / 1024 / 1024;
    } finally {
      closeDatabase(db);
    }
    if (Math.round(storedMb) !== UPLOADS * FILE_MB * 2)
      throw new Error(`${storedMb.toFixed(1)} MB stored, not ${UPLOADS * FILE_MB * 2} MB`);
    const inFlight = UPLOADS * FILE_MB * 2;
    return {
      rows: [
        makeRow({
          part: PART,
          metric: `server RSS during ${UPLOADS} concurrent 20 MB uploads: idle → peak (sampled every 20 ms)`,
          value: sampled,
          unit: 'MB',
          text: `${idle.toFixed(0)} → ${sampled.toFixed(0)} MB (VmHWM ${peak.toFixed(0)} MB)`,
          target: { op: '<=', value: idle + inFlight },
          note:
            `${inFlight} MB in flight at once; all stored (${storedMb.toFixed(0)} MB in database chunks) ` +
            `in ${seconds.toFixed(1)} s. Target: growth below the bytes in flight, i.e. no upload is ever held whole`,
        }),
      ],
      details: { idleMb: idle, sampledPeakMb: sampled, vmHwmMb: peak, seconds, storedMb },
    };
  } finally {
    await seeded.server.stop();
  }
}

export const uploadsPart: Part = { name: 'uploads', title: PART, run };
