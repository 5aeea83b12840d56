/** What every part of the benchmark gets: options, a temporary folder, the site and servers. */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectorUrl, startProfiling, type ProfileSummary } from './profile.ts';
import type { Row } from './report.ts';
import { acceptAssignments, findCertificateCodes, seedDatabase, type Learner } from './seed.ts';
import { snapshotSite, startOqu, type OquServer, type SiteSnapshot } from './site.ts';
import { discoverContent, ENROLLED_COURSE, RequestFactory, type SiteContent } from './workload.ts';

export interface BenchOptions {
  quick: boolean;
  build: boolean;
  /** Profile the server in extra runs (where does the time go). */
  profile: boolean;
  only: string[] | null;
}

export interface PartResult {
  rows: Row[];
  details?: unknown;
}

export interface Part {
  name: string;
  title: string;
  run: (ctx: BenchContext) => Promise<PartResult>;
}

export interface SeededServer {
  server: OquServer;
  learners: Learner[];
  factory: RequestFactory;
  databaseUrl: string;
}

export class BenchContext {
  readonly projectRoot: string;
  readonly options: BenchOptions;
  readonly tmp: string;
  private snapshot: SiteSnapshot | undefined;
  private servers = 0;

  constructor(projectRoot: string, options: BenchOptions, tmp: string) {
    this.projectRoot = projectRoot;
    this.options = options;
    this.tmp = tmp;
  }

  /** Values one part leaves for another (e.g. the rate the mixed workload held). */
  readonly shared = new Map<string, unknown>();

  /** Progress messages go to stderr; the table goes to stdout. */
  log(message: string): void {
    console.error(message);
  }

  get quick(): boolean {
    return this.options.quick;
  }

  /** Seconds for a measured load run. */
  seconds(normal: number, quick: number): number {
    return this.options.quick ? quick : normal;
  }

  /** Copies the build in dist/ for this run; call once, before any part needs the site. */
  async takeSnapshot(): Promise<void> {
    this.snapshot = await snapshotSite(this.projectRoot, join(this.tmp, 'site'));
  }

  /** Whether the build was copied (the parts that need a server ran). */
  hasSnapshot(): boolean {
    return this.snapshot !== undefined;
  }

  /** The private copy of the built site. */
  site(): SiteSnapshot {
    if (!this.snapshot) throw new Error('the build was not copied (takeSnapshot)');
    return this.snapshot;
  }

  content(): SiteContent {
    return discoverContent(this.site());
  }

  /**
   * A fresh database with `learners` learners and sessions, and a server on it: the file of a new
   * folder, or an empty libSQL server's `databaseUrl`; `env` for the server (e.g. OQU_WORKERS).
   */
  async startSeededServer(
    learners: number,
    options: { inspect?: boolean; databaseUrl?: string; env?: Record<string, string> } = {},
  ): Promise<SeededServer> {
    const site = this.site();
    this.servers += 1;
    const dataDir = join(this.tmp, `data-${this.servers}`);
    mkdirSync(dataDir, { recursive: true });
    const databaseUrl = options.databaseUrl ?? `file:${join(dataDir, 'oqu.db')}`;
    const content = this.content();
    const urbanism = content.lessonsByCourse.get(ENROLLED_COURSE) ?? [];
    const seeded = await seedDatabase(site, databaseUrl, {
      learners,
      progress: { course: ENROLLED_COURSE, lessons: urbanism.slice(0, 2) },
    });
    const server = await startOqu(site, databaseUrl, dataDir, options);
    return { server, learners: seeded, factory: new RequestFactory(server.baseURL, content, seeded), databaseUrl };
  }

  /** Profiles the server for `seconds` while `load` runs; null when profiling is off. */
  async profile(seeded: SeededServer, load: () => Promise<unknown>): Promise<ProfileSummary | null> {
    const url = inspectorUrl(seeded.server.log());
    if (!this.options.profile || !url) return null;
    const stop = await startProfiling(url);
    await load();
    return stop();
  }

  /** The route pattern of certificate downloads in the build, or null while it does not exist. */
  certificateRoute(): string | null {
    const entry = readFileSync(join(this.site().root, 'dist', 'server', 'entry.mjs'), 'utf8');
    return /"route":"(\/certificates\/[^"]*pdf[^"]*)"/.exec(entry)?.[1] ?? null;
  }

  /**
   * Certificate codes for up to `count` learners: each has its assignments accepted (as a trainer would), then
   * completes the urbanism course over HTTP (every lesson done, every quiz passed); the codes are read from the
   * database.
   */
  async obtainCertificates(seeded: SeededServer, count: number): Promise<string[]> {
    const { server, learners, factory } = seeded;
    const content = factory.content;
    const lessons = content.lessonsByCourse.get(ENROLLED_COURSE) ?? [];
    const quizzes = content.quizzes.filter((q) => q.course === ENROLLED_COURSE);
    const takers = learners.slice(0, count);
    await acceptAssignments(
      this.site(),
      seeded.databaseUrl,
      takers.map((l) => l.id),
      ENROLLED_COURSE,
    );
    for (const learner of takers) {
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        origin: server.baseURL,
        cookie: learner.cookie,
      };
      for (const lesson of lessons) {
        await fetch(`${server.baseURL}/en/courses/urbanism/${lesson}/done`, {
          method: 'POST',
          headers,
          body: '',
          redirect: 'manual',
        });
      }
      for (const quiz of quizzes) {
        const body = `${quiz.right}&idempotencyKey=cert-${learner.id}-${quiz.quizId}`;
        factory.noteAttempt(learner.id, quiz.quizId);
        await fetch(`${server.baseURL}/en/courses/urbanism/${quiz.lesson}/quiz`, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
        });
      }
    }
    return findCertificateCodes(this.site(), seeded.databaseUrl);
  }
}
