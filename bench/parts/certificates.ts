/**
 * 7. Certificates: runs the certificate benchmark someone else wrote (bench/certificates.ts,
 * called as a separate process, not modified) and takes its numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { runCommand } from '../lib/processes.ts';
import { makeRow } from '../lib/report.ts';
import type { CertificateBenchResult } from '../certificates.ts';

const PART = '7 Certificates';

async function run(ctx: BenchContext): Promise<PartResult> {
  const script = join(ctx.projectRoot, 'bench', 'certificates.ts');
  if (!existsSync(script))
    return {
      rows: [
        makeRow({
          part: PART,
          metric: 'PDF rendering',
          value: null,
          unit: '',
          text: 'not available yet (bench/certificates.ts missing)',
        }),
      ],
    };
  const out = join(ctx.tmp, 'certificates.json');
  const args = [script, '--json-out', out, ...(ctx.quick ? ['--count', '60'] : [])];
  try {
    await runCommand(process.execPath, args, { cwd: ctx.projectRoot });
  } catch (error) {
    // It exits 1 when a target is missed; the JSON is still written.
    if (!existsSync(out)) throw error;
  }
  const r = JSON.parse(readFileSync(out, 'utf8')) as CertificateBenchResult;
  return {
    rows: [
      makeRow({
        part: PART,
        metric: 'PDF render, median',
        value: r.medianMs,
        unit: 'ms',
        target: { op: '<=', value: r.targets.medianMs },
        note: `${r.count} PDFs in one process; first (cold) ${r.coldStartMs} ms, max ${r.maxMs} ms`,
      }),
      makeRow({ part: PART, metric: 'PDF render, p95', value: r.p95Ms, unit: 'ms' }),
      makeRow({
        part: PART,
        metric: 'PDF size, median / max',
        value: r.maxKb,
        unit: 'KB',
        text: `${r.medianKb} / ${r.maxKb} KB`,
        target: { op: '<=', value: r.targets.sizeKb },
      }),
    ],
    details: r,
  };
}

export const certificatesPart: Part = { name: 'certificates', title: '7 Certificates', run };
