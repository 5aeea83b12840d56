/**
 * 4c. Reads from an embedded replica of the libSQL server (DATABASE_REPLICA, decision 056): the
 * signed-in read path (syllabus and account pages) and part 4's mix, each at its closed-loop
 * capacity, through (a) the embedded file, (b) sqld directly, (c) a replica of sqld; CPU per
 * request counts sqld's CPU with the app's. Then the replica's lag: a row written to sqld by
 * another client, and the time until a replica (synced every DATABASE_SYNC_INTERVAL) reads it.
 */
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { createDatabase, closeDatabase } from '../../db/client.ts';
import { DEFAULT_SYNC_INTERVAL_S } from '../../db/replica-settings.mjs';
import { startSqld, type RunningSqld } from '../../tests/helpers/sqld.ts';
import { onCleanup } from '../lib/cleanup.ts';
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { makeRow, type Row } from '../lib/report.ts';
import { percentile, sleep } from '../lib/stats.ts';
import { QUIZ_LEARNERS, type LoadRequest, type RequestFactory } from '../lib/workload.ts';
import { capacity, certificateCodes, mixedRequests } from './mixed.ts';

const SETUPS = ['file', 'sqld', 'replica'] as const;
type Setup = (typeof SETUPS)[number];

/** Signed-in pages rendered per request from the database: the syllabus with progress, the account page. */
const readPath = (factory: RequestFactory) => (): LoadRequest =>
  Math.random() < 0.7 ? factory.syllabus() : factory.account();

interface Measured {
  reads: Awaited<ReturnType<typeof capacity>>;
  mix: Awaited<ReturnType<typeof capacity>>;
}

async function measure(ctx: BenchContext, setup: Setup): Promise<Measured> {
  let sqld: RunningSqld | undefined;
  if (setup !== 'file') sqld = await startSqld();
  const unregister = sqld ? onCleanup('stop sqld', () => sqld.stop()) : () => undefined;
  const env: Record<string, string> =
    setup === 'replica' ? { DATABASE_REPLICA: join(ctx.tmp, `replica-${Date.now()}.db`) } : {};
  const seeded = await ctx.startSeededServer(QUIZ_LEARNERS, { databaseUrl: sqld?.url, env });
  const watched = sqld ? [sqld.pid] : [];
  try {
    ctx.log(`  ${setup}: the signed-in read path`);
    const reads = await capacity(ctx, seeded, readPath(seeded.factory), watched);
    ctx.log(`  ${setup}: the mix of part 4`);
    const certs = await certificateCodes(ctx, seeded);
    const mix = await capacity(ctx, seeded, mixedRequests(seeded.factory, certs.codes), watched);
    return { reads, mix };
  } finally {
    await seeded.server.stop();
    unregister();
    await sqld?.stop();
  }
}

/** Milliseconds from a write to sqld by another client until a replica reads it, `samples` times. */
async function replicaLag(ctx: BenchContext, samples: number): Promise<number[]> {
  const sqld = await startSqld();
  const server = createClient({ url: sqld.url });
  const path = join(ctx.tmp, `lag-${Date.now()}.db`);
  await server.execute('CREATE TABLE lag (n INTEGER PRIMARY KEY)');
  const replica = await createDatabase({
    url: sqld.url,
    replica: { path, syncIntervalSeconds: DEFAULT_SYNC_INTERVAL_S },
  });
  const lags: number[] = [];
  try {
    for (let n = 0; n < samples; n++) {
      await server.execute({ sql: 'INSERT INTO lag VALUES (?)', args: [n] });
      const written = performance.now();
      const sql = { sql: 'SELECT 1 FROM lag WHERE n = ?', args: [n] };
      while ((await replica.$client.execute(sql)).rows.length === 0) await sleep(5);
      lags.push(performance.now() - written);
      await sleep(Math.random() * 300); // writes at no fixed phase of the sync
    }
  } finally {
    closeDatabase(replica);
    server.close();
    await sqld.stop();
  }
  return lags.sort((x, y) => x - y);
}

function rowsFor(setup: Setup, m: Measured, file: Measured | undefined): Row[] {
  const label = { file: '(a) embedded file', sqld: '(b) sqld directly', replica: '(c) replica of sqld' }[setup];
  return (['reads', 'mix'] as const).map((kind) => {
    const c = m[kind];
    const base = file?.[kind];
    return makeRow({
      part: '4c Replica reads',
      metric: `${kind === 'reads' ? 'signed-in syllabus/account' : "part 4's mix"}, closed loop: ${label}`,
      value: Math.round(c.rps),
      unit: 'req/s',
      ...(base && setup !== 'file' ? { baseline: { value: Math.round(base.rps), label: '(a) the file' } } : {}),
      note: `${c.cpuMsPerRequest.toFixed(2)} ms CPU per request (app${setup === 'file' ? '' : ' and sqld'})`,
    });
  });
}

async function runReplica(ctx: BenchContext): Promise<PartResult> {
  const measured: Partial<Record<Setup, Measured>> = {};
  for (const setup of SETUPS) measured[setup] = await measure(ctx, setup);
  const lags = await replicaLag(ctx, ctx.quick ? 8 : 30);
  const lagNote =
    `p50 ${percentile(lags, 50).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms over ${lags.length} ` +
    `writes (DATABASE_SYNC_INTERVAL=${DEFAULT_SYNC_INTERVAL_S} s)`;
  ctx.log(`  replica lag: ${lagNote}`);
  return {
    rows: [
      ...SETUPS.flatMap((s) => rowsFor(s, measured[s]!, measured.file)),
      makeRow({
        part: '4c Replica reads',
        metric: "another process's write seen by a replica, p95",
        value: Math.round(percentile(lags, 95)),
        unit: 'ms',
        note: lagNote,
      }),
    ],
    details: { measured, lags },
  };
}

export const replicaPart: Part = {
  name: 'replica',
  title: '4c Reads from an embedded replica of sqld (DATABASE_REPLICA)',
  run: runReplica,
};
