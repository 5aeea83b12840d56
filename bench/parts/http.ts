/**
 * 3. HTTP throughput and latency with autocannon on loopback: a prerendered lesson served by
 * Oqu, the signed-in syllabus, a quiz submission, a certificate download (when the route
 * exists), and the same lesson file served by nginx as the physical baseline.
 */
import { join } from 'node:path';
import { runClosedLoop, type LoadResult } from '../lib/closed-loop.ts';
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { findNginx, startDocumentedNginx, startNginx } from '../lib/nginx.ts';
import { watchCpu } from '../lib/processes.ts';
import { describeProfile, type ProfileSummary } from '../lib/profile.ts';
import { makeRow, type Row } from '../lib/report.ts';
import { pickOne, QUIZ_LEARNERS, type LoadRequest } from '../lib/workload.ts';

export const CONNECTIONS = 50;
const PART = '3 HTTP';

interface Measured extends LoadResult {
  name: string;
  /** CPU the measured server used, in cores (1.0 = one core busy all the time). */
  serverCores: number | null;
  /** Share of its runnable time the server's main thread waited for a CPU (other programs). */
  cpuWaitShare: number | null;
  /** Where the server's time went, from an extra profiled run. */
  profile?: ProfileSummary | null;
}

async function measure(
  ctx: BenchContext,
  name: string,
  baseURL: string,
  next: () => LoadRequest,
  serverPid: number | null,
): Promise<Measured> {
  ctx.log(`  ${name}: warm-up`);
  await runClosedLoop({ baseURL, connections: CONNECTIONS, durationS: ctx.seconds(2, 1), next });
  const watch = serverPid ? watchCpu(serverPid) : null;
  const result = await runClosedLoop({ baseURL, connections: CONNECTIONS, durationS: ctx.seconds(10, 3), next });
  const cpu = watch ? watch() : null;
  const cpuNote = cpu
    ? `, server CPU ${cpu.cores.toFixed(2)} cores, waited for a CPU ${(cpu.cpuWaitShare * 100).toFixed(0)}%`
    : '';
  ctx.log(
    `  ${name}: ${Math.round(result.rps)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `statuses ${JSON.stringify(result.statuses)}${cpuNote}`,
  );
  return { ...result, name, serverCores: cpu?.cores ?? null, cpuWaitShare: cpu?.cpuWaitShare ?? null };
}

function health(m: Measured): string | undefined {
  const share = m.responses ? m.ok / m.responses : 0;
  if (share >= 0.99 && m.errors === 0) return undefined;
  return (
    `only ${(share * 100).toFixed(1)}% of ${m.responses} answers had the expected status (statuses ` +
    `${JSON.stringify(m.statuses)}, ${m.errors} connection errors)`
  );
}

const latencyText = (m: Measured): string => `${m.latency.p50} / ${m.latency.p99} ms`;
const cpuNote = (m: Measured): string =>
  m.serverCores === null
    ? ''
    : `server CPU ${m.serverCores.toFixed(2)} cores (${Math.round(m.rps / Math.max(m.serverCores, 0.01))} per ` +
      `CPU-second), waited for a CPU ${((m.cpuWaitShare ?? 0) * 100).toFixed(0)}% of the time`;
const profileNote = (m: Measured): string | undefined =>
  m.profile ? `profile: ${describeProfile(m.profile)}` : undefined;
const join2 = (...parts: (string | undefined)[]): string | undefined => parts.filter((p) => p).join('; ') || undefined;

/**
 * The static lesson in the README's set-up (nginx with `oqu nginx-config`'s blocks serving
 * dist/client, Oqu behind it): against plain nginx on the same file, the goal's ratio, and
 * against Oqu serving it itself.
 */
function documentedRows(documented: Measured | null, plain: Measured | null, oqu: Measured): Row[] {
  if (!documented || !plain)
    return [
      makeRow({
        part: PART,
        metric: 'static lesson, README set-up (nginx-config), req/s',
        value: null,
        unit: 'req/s',
        text: 'skipped: nginx is not installed (apt-get install -y nginx)',
      }),
    ];
  const perCpu = (m: Measured) => (m.serverCores ? m.rps / m.serverCores : null);
  const cpuRatio = perCpu(documented) && perCpu(plain) ? perCpu(documented)! / perCpu(plain)! : null;
  return [
    makeRow({
      part: PART,
      metric: 'static lesson, README set-up (nginx-config), req/s',
      value: documented.rps,
      unit: 'req/s',
      baseline: { label: 'nginx', value: plain.rps, unit: 'req/s' },
      target: { op: '>=', value: 0.3 },
      targetOn: 'ratio',
      note: join2(
        health(documented),
        `${(documented.rps / oqu.rps).toFixed(1)}× Oqu serving it itself (${Math.round(oqu.rps)} req/s)`,
        cpuNote(documented),
        cpuRatio === null ? undefined : `per CPU-second ${cpuRatio.toFixed(2)}× plain nginx`,
        `p50 / p99 ${latencyText(documented)}`,
      ),
    }),
  ];
}

async function run(ctx: BenchContext): Promise<PartResult> {
  const content = ctx.content();
  // As many learners in a quick run: its quiz posts come as fast, and each must store an attempt.
  const seeded = await ctx.startSeededServer(QUIZ_LEARNERS, { inspect: ctx.options.profile });
  const { server, factory } = seeded;
  const measured: Measured[] = [];
  let nginxResult: Measured | null = null;
  let documented: Measured | null = null;
  let certificateStatus = 'not available yet (no /certificates/{code}.pdf route in this build)';
  try {
    const staticOqu = await measure(
      ctx,
      'Oqu static lesson',
      server.baseURL,
      () => factory.lesson(content.plainLesson),
      server.pid,
    );
    const syllabus = await measure(
      ctx,
      'signed-in syllabus',
      server.baseURL,
      () => factory.syllabus('urbanism'),
      server.pid,
    );
    const quiz = await measure(ctx, 'quiz submission', server.baseURL, () => factory.quiz(), server.pid);
    measured.push(staticOqu, syllabus, quiz);
    const profiled = async (m: Measured, next: () => LoadRequest): Promise<void> => {
      m.profile = await ctx.profile(seeded, () =>
        runClosedLoop({ baseURL: server.baseURL, connections: CONNECTIONS, durationS: ctx.seconds(5, 2), next }),
      );
      if (m.profile) ctx.log(`  ${m.name} profile: ${describeProfile(m.profile)}`);
    };
    await profiled(staticOqu, () => factory.lesson(content.plainLesson));
    await profiled(syllabus, () => factory.syllabus('urbanism'));
    await profiled(quiz, () => factory.quiz());
    let certificate: Measured | null = null;
    if (ctx.certificateRoute()) {
      const codes = await ctx.obtainCertificates(seeded, 10);
      if (codes.length > 0) {
        certificate = await measure(
          ctx,
          'certificate download',
          server.baseURL,
          () => factory.certificate(pickOne(codes)),
          server.pid,
        );
        measured.push(certificate);
        await profiled(certificate, () => factory.certificate(pickOne(codes)));
      } else {
        certificateStatus = 'route exists, but completing the course gave no certificate code';
      }
    }
    const nginx = findNginx();
    if (nginx) {
      const web = await startNginx(nginx, ctx.site().clientDir, join(ctx.tmp, 'nginx'), content.plainLesson);
      try {
        nginxResult = await measure(
          ctx,
          'nginx static lesson',
          web.baseURL,
          () => factory.lesson(content.plainLesson),
          web.process.pid,
        );
      } finally {
        await web.stop();
      }
      // The README's set-up: nginx serves the lesson file with Oqu's headers (oqu nginx-config).
      const appPort = Number(new URL(server.baseURL).port);
      const site = ctx.site().root;
      const front = await startDocumentedNginx(nginx, site, join(ctx.tmp, 'nginx-oqu'), appPort, content.plainLesson);
      try {
        documented = await measure(
          ctx,
          'nginx-config static lesson',
          front.baseURL,
          () => factory.lesson(content.plainLesson),
          front.process.pid,
        );
      } finally {
        await front.stop();
      }
    }

    const ssrBaseline = { label: 'Oqu static', value: staticOqu.rps, unit: 'req/s' };
    const nginxBaseline = nginxResult
      ? { label: 'nginx', value: nginxResult.rps, unit: 'req/s' }
      : { label: 'nginx', value: null, text: 'not installed (apt-get install -y nginx)' };
    const rows: Row[] = [
      makeRow({
        part: PART,
        metric: 'static lesson (Oqu), req/s',
        value: staticOqu.rps,
        unit: 'req/s',
        baseline: nginxBaseline,
        target: { op: '>=', value: 0.3 },
        targetOn: 'ratio',
        note: join2(health(staticOqu), cpuNote(staticOqu), profileNote(staticOqu)),
      }),
      makeRow({
        part: PART,
        metric: 'static lesson (Oqu), p50 / p99',
        value: staticOqu.latency.p99,
        unit: 'ms',
        text: latencyText(staticOqu),
        ...(nginxResult
          ? { baseline: { label: 'nginx', value: nginxResult.latency.p99, text: latencyText(nginxResult) } }
          : {}),
        ratio: null,
      }),
      ...(nginxResult?.serverCores && staticOqu.serverCores
        ? [
            makeRow({
              part: PART,
              metric: 'static lesson, req per server CPU-second',
              value: staticOqu.rps / staticOqu.serverCores,
              unit: '',
              baseline: { label: 'nginx', value: nginxResult.rps / nginxResult.serverCores },
              note:
                `nginx used ${nginxResult.serverCores.toFixed(2)} cores: when that is well under 1, the load ` +
                `generator (one Node process) was the limit and the req/s ratio above flatters Oqu; this ratio does ` +
                `not depend on it`,
            }),
          ]
        : []),
      ...documentedRows(documented, nginxResult, staticOqu),
      makeRow({
        part: PART,
        metric: 'signed-in syllabus (SSR), req/s',
        value: syllabus.rps,
        unit: 'req/s',
        baseline: ssrBaseline,
        target: { op: '>=', value: 0.5 },
        targetOn: 'ratio',
        note: join2(health(syllabus), cpuNote(syllabus), profileNote(syllabus)),
      }),
      makeRow({
        part: PART,
        metric: 'signed-in syllabus, p50 / p99',
        value: syllabus.latency.p99,
        unit: 'ms',
        text: latencyText(syllabus),
        ratio: null,
      }),
      makeRow({
        part: PART,
        metric: 'quiz submission (POST), req/s',
        value: quiz.rps,
        unit: 'req/s',
        baseline: ssrBaseline,
        target: { op: '>=', value: 1000 },
        note: join2(health(quiz), cpuNote(quiz), profileNote(quiz)),
      }),
      makeRow({
        part: PART,
        metric: 'quiz submission, p50 / p99',
        value: quiz.latency.p99,
        unit: 'ms',
        text: latencyText(quiz),
        ratio: null,
      }),
      certificate
        ? makeRow({
            part: PART,
            metric: 'certificate download (PDF), req/s',
            value: certificate.rps,
            unit: 'req/s',
            baseline: ssrBaseline,
            note: join2(
              health(certificate),
              cpuNote(certificate),
              `p50 / p99 ${latencyText(certificate)}`,
              profileNote(certificate),
            ),
          })
        : makeRow({
            part: PART,
            metric: 'certificate download (PDF), req/s',
            value: null,
            unit: 'req/s',
            text: certificateStatus,
          }),
      nginxResult
        ? makeRow({
            part: PART,
            metric: 'nginx, same lesson file (1 worker), req/s',
            value: nginxResult.rps,
            unit: 'req/s',
            note: join2(health(nginxResult), cpuNote(nginxResult)),
          })
        : makeRow({
            part: PART,
            metric: 'nginx, same lesson file, req/s',
            value: null,
            unit: 'req/s',
            text: 'skipped: nginx is not installed (apt-get install -y nginx)',
          }),
    ];
    return {
      rows,
      details: {
        connections: CONNECTIONS,
        durationS: ctx.seconds(10, 3),
        learners: seeded.learners.length,
        runs: [...measured, ...(nginxResult ? [nginxResult] : []), ...(documented ? [documented] : [])],
      },
    };
  } finally {
    await server.stop();
  }
}

export const httpPart: Part = { name: 'http', title: '3 HTTP throughput and latency', run };
