/**
 * The course feed between Oqu hosts (src/lib/course-feed/): host A publishes its shared courses
 * on a real HTTP server on loopback, host B (a real database file, its own courses folder)
 * reads the feed, previews and installs a course and then A's next version of it. A feed or
 * bundle changed on the way, a bundle larger than announced, a redirect or an untrusted host
 * is refused with its reason, and B's courses folder stays as it was. A gives a bundle only to a
 * host it trusts that proves who it is (decision 060): B publishes its keys on a server of its own.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, lessonProgress } from '#db/schema.ts';
import { publicJwks } from '#lib/certificates/credential.ts';
import { loadSigningKeys, type SigningKeys } from '#lib/certificates/keys.ts';
import { sharesCourse, signFeed, verifyFeed, type CourseFeed, type SignedFeed } from '#lib/course-feed/feed.ts';
import { applyPartnerCourse, partnerOverview, previewPartnerCourse } from '#lib/course-feed/partner.server.ts';
import { runPartnerCourseForm } from '#lib/course-feed/partner-form.server.ts';
import { sharedBundle, signedCourseFeed } from '#lib/course-feed/publish.server.ts';
import { partnerBundle } from '#lib/course-feed/bundle-access.server.ts';
import { signBundleRequest } from '#lib/course-feed/bundle-request.ts';
import { createPartnerCache } from '#lib/certificates/partner-fetch.server.ts';
import { fetchPartnerCourse, fetchPartnerFeed } from '#lib/course-feed/receive.server.ts';
import { contentVersion, installedCourseState, readBundle, type CourseBundle } from '#lib/courses/bundle.ts';
import { readCourseContents } from '#lib/courses/content-files.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { CURRICULUM } from '../helpers/curriculum.ts';
import { makeUser } from './fixtures.ts';

const projectRoot = resolve(import.meta.dirname, '..', '..');
const fixtures = join(projectRoot, 'tests', 'fixtures', 'e2e-courses');
const COURSE = 'two-languages';

let tmp: string;
let rootA: string;
let rootB: string;
let keys: SigningKeys;
let keysB: SigningKeys;
let server: Server;
let serverB: Server;
let base: string;
let baseB: string;
/** The hosts A trusts (B's address once it is known). */
let trustedByA: string[] = [];
let testDb: TestDatabase;
/** How A's server misbehaves in the current test. */
let mode:
  'plain' | 'tampered-feed' | 'tampered-bundle' | 'oversized-bundle' | 'redirect' | 'no-feed' | 'unsafe-course' =
  'plain';
let requests: string[] = [];

const hostA = () => ({
  baseUrl: base,
  name: { kk: 'Алматы оқу орталығы', ru: 'Алматинский учебный центр' },
  courses: { hidden: [], archived: [] },
  locales: { default: 'kk' as const, enabled: ['kk' as const, 'ru' as const, 'en' as const] },
});

async function answer(
  url: string,
  authorization: string | null,
  ip: string | undefined,
): Promise<{ status: number; body?: Buffer | string; headers?: object }> {
  if (url === '/.well-known/jwks.json') return { status: 200, body: JSON.stringify(publicJwks(keys, base)) };
  if (url === '/.well-known/oqu-courses.json') {
    if (mode === 'redirect') return { status: 302, headers: { Location: 'http://127.0.0.2:9/feed.json' } };
    if (mode === 'no-feed') return { status: 404 };
    if (mode === 'unsafe-course') return { status: 200, body: JSON.stringify((await unsafeCourse()).feed) };
    const signed = await signedCourseFeed(hostA(), keys, { projectRoot: rootA, ttlMs: 0 });
    if (mode !== 'tampered-feed') return { status: 200, body: JSON.stringify(signed) };
    const feed = JSON.parse(Buffer.from(signed.payload, 'base64url').toString('utf8')) as { site: string };
    const changed: SignedFeed = {
      ...signed,
      payload: Buffer.from(JSON.stringify({ ...feed, site: 'X' })).toString('base64url'),
    };
    return { status: 200, body: JSON.stringify(changed) };
  }
  const slug = /^\/course-bundles\/([a-z0-9-]+)\.oqu-course\.json\.gz$/.exec(url)?.[1];
  if (mode === 'unsafe-course' && slug === COURSE) return { status: 200, body: (await unsafeCourse()).bytes };
  if (!slug) return { status: 404 };
  const host = { ...hostA(), trustedHosts: trustedByA };
  const served = await partnerBundle(
    testDb.db,
    host,
    { course: slug, authorization, ip },
    { projectRoot: rootA, ttlMs: 0 },
  );
  if (!served.ok) return { status: served.error === 'feed.bundle_untrusted' ? 403 : 401 };
  const { bytes } = served;
  if (mode === 'oversized-bundle') return { status: 200, body: Buffer.concat([bytes, Buffer.alloc(64 * 1024)]) };
  if (mode !== 'tampered-bundle') return { status: 200, body: bytes };
  const bundle = JSON.parse(gunzipSync(bytes).toString('utf8')) as { exportedFrom: { site: string } };
  bundle.exportedFrom.site = 'Someone else';
  return { status: 200, body: gzipSync(JSON.stringify(bundle)) };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * A's course with a lesson that imports code (which every importing host refuses), bundled and
 * listed in a feed A signs: what a broken or compromised partner could publish.
 */
async function unsafeCourse(): Promise<{ feed: SignedFeed; bytes: Buffer }> {
  const plain = (await sharedBundle(hostA(), COURSE, { projectRoot: rootA, ttlMs: 0 }))!;
  const bundle = JSON.parse(gunzipSync(plain).toString('utf8')) as CourseBundle;
  const content = lessonText('Код', "import Widget from './widget.js';\n\n<Widget />");
  bundle.files.push({ path: '01-basics/09-code.kk.mdx', encoding: 'utf8', content, sha256: sha256(content) });
  const listing = [...bundle.files].sort((a, b) => (a.path < b.path ? -1 : 1));
  bundle.courseVersion = sha256(listing.map((f) => `${f.path}\0${f.sha256}\n`).join(''));
  const bytes = gzipSync(JSON.stringify(bundle));
  const signed = await signedCourseFeed(hostA(), keys, { projectRoot: rootA, ttlMs: 0 });
  const feed = JSON.parse(Buffer.from(signed.payload, 'base64url').toString('utf8')) as CourseFeed;
  const courses = feed.courses.map((c) =>
    c.id === COURSE
      ? {
          ...c,
          version: contentVersion(bundle.files),
          bundle: { ...c.bundle, sha256: sha256(bytes), bytes: bytes.length },
        }
      : c,
  );
  return { feed: await signFeed({ ...feed, courses }, keys.current, base), bytes };
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'oqu-feed-'));
  rootA = join(tmp, 'a');
  rootB = join(tmp, 'b');
  cpSync(join(fixtures, COURSE), join(rootA, 'courses', COURSE), { recursive: true });
  cpSync(join(fixtures, 'practice'), join(rootA, 'courses', 'practice'), { recursive: true });
  mkdirSync(join(rootB, 'courses'), { recursive: true });
  keys = await loadSigningKeys(join(tmp, 'keys-a'));
  keysB = await loadSigningKeys(join(tmp, 'keys-b'));
  testDb = await createTestDatabase();
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    answer(req.url ?? '', req.headers.authorization ?? null, req.socket.remoteAddress).then(
      ({ status, body, headers }) => {
        res.writeHead(status, { ...headers });
        res.end(body);
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // B publishes its keys, as every Oqu host does, so A can check B's bundle requests.
  serverB = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(publicJwks(keysB, baseB)));
  });
  await new Promise<void>((done) => serverB.listen(0, '127.0.0.1', done));
  const addressB = serverB.address();
  baseB = `http://127.0.0.1:${typeof addressB === 'object' && addressB ? addressB.port : 0}`;
});
afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await new Promise((done) => serverB?.close(done));
  await testDb?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  mode = 'plain';
  requests = [];
  trustedByA = [baseB];
});

const context = () => ({ projectRoot: rootB, trustedHosts: [base], baseUrl: baseB, keys: keysB });
const asB = () => ({ baseUrl: baseB, key: keysB.current });
const coursesOfB = () => readdirSync(join(rootB, 'courses')).sort();

/** The version of COURSE A's feed lists now (as a plain, untampered answer). */
async function currentVersion(): Promise<string> {
  const fetched = await fetchPartnerFeed(base, [base]);
  const version = fetched.ok ? fetched.feed.courses.find((c) => c.id === COURSE)?.version : undefined;
  if (!version) throw new Error('A lists no version of the course');
  return version;
}

/** An admin of B installs `version` of COURSE; a refusal leaves no audit entry. */
async function installing(version: string) {
  const admin = await makeUser(testDb.db, 'admin');
  const outcome = await applyPartnerCourse(testDb.db, admin, context(), {
    host: base,
    course: COURSE,
    version,
    confirm: true,
  });
  if (!outcome.ok) {
    const audit = await testDb.db.select().from(auditLog).where(eq(auditLog.actorId, admin.id));
    expect(audit).toEqual([]);
  }
  return outcome;
}

describe('publishing', () => {
  it("lists the shared courses, signed, with each bundle's address and SHA-256, and serves those bytes", async () => {
    const signed = await signedCourseFeed(hostA(), keys, { projectRoot: rootA, ttlMs: 0 });
    const verified = await verifyFeed(signed, publicJwks(keys, base), base);
    if (!verified.ok) throw new Error(verified.error);
    // `practice` says nothing about sharing and is for trainees, so it is shared too.
    expect(verified.feed.courses.map((c) => c.id)).toEqual(['practice', COURSE]);
    const course = verified.feed.courses.find((c) => c.id === COURSE)!;
    expect(course.title).toEqual({ kk: 'Екі тілдегі курс', ru: 'Курс на двух языках' });
    expect(course.languages).toEqual(['kk', 'ru']);
    expect(course.license).toBe('CC BY-SA 4.0');
    expect(course.version).toBe(installedCourseState(join(rootA, 'courses', COURSE))!.version);
    expect(course.bundle.url).toBe(`${base}/course-bundles/${COURSE}.oqu-course.json.gz`);
    const bytes = (await sharedBundle(hostA(), COURSE, { projectRoot: rootA, ttlMs: 0 }))!;
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(course.bundle.sha256);
    expect(readBundle(bytes).course).toBe(COURSE);
  });

  it('leaves out a course whose course.yaml says `shared: false`, and serves no bundle of it', async () => {
    const yaml = join(rootA, 'courses', 'practice', 'course.yaml');
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}shared: false\n`);
    const signed = await signedCourseFeed(hostA(), keys, { projectRoot: rootA, ttlMs: 0 });
    const verified = await verifyFeed(signed, publicJwks(keys, base), base);
    expect(verified.ok && verified.feed.courses.map((c) => c.id)).toEqual([COURSE]);
    expect(await sharedBundle(hostA(), 'practice', { projectRoot: rootA, ttlMs: 0 })).toBeNull();
  });
});

describe('giving bundles (decision 060)', () => {
  /** A's answer to a bundle request with `authorization`, with a cache of its own recording what A asked. */
  async function ask(authorization: string | null, course = COURSE) {
    const asked: string[] = [];
    const cache = createPartnerCache({
      fetch: (url, init) => {
        asked.push(String(url));
        return fetch(url, init);
      },
    });
    const host = { ...hostA(), trustedHosts: trustedByA };
    const served = await partnerBundle(
      testDb.db,
      host,
      { course, authorization, ip: '203.0.113.9' },
      {
        projectRoot: rootA,
        ttlMs: 0,
        cache,
      },
    );
    return { served: served.ok ? 'bundle' : served.error, asked };
  }
  const bTokenFor = async (course: string, now?: Date) => `Bearer ${await signBundleRequest(asB(), base, course, now)}`;

  it("gives the bundle to a host it trusts, checked against that host's published keys", async () => {
    expect(await ask(await bTokenFor(COURSE))).toEqual({ served: 'bundle', asked: [`${baseB}/.well-known/jwks.json`] });
  });

  it('gives nothing to a visitor, nor to a host it does not trust, whose keys it never asks for', async () => {
    expect(await ask(null)).toEqual({ served: 'feed.bundle_no_token', asked: [] });
    trustedByA = [];
    expect(await ask(await bTokenFor(COURSE))).toEqual({ served: 'feed.bundle_untrusted', asked: [] });
  });

  it('gives nothing for a token changed on the way, expired, for another course, or by another key', async () => {
    const token = (await bTokenFor(COURSE)).slice('Bearer '.length);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const changed = Buffer.from(JSON.stringify({ ...claims, sub: 'practice' })).toString('base64url');
    expect((await ask(`Bearer ${header}.${changed}.${signature}`, 'practice')).served).toBe('feed.bundle_bad_token');
    const expired = await bTokenFor(COURSE, new Date(Date.now() - 10 * 60_000));
    expect((await ask(expired)).served).toBe('feed.bundle_bad_token');
    expect((await ask(await bTokenFor(COURSE), 'practice')).served).toBe('feed.bundle_bad_token');
    const forged = await signBundleRequest({ baseUrl: baseB, key: keys.current }, base, COURSE);
    expect((await ask(`Bearer ${forged}`)).served).toBe('feed.bundle_bad_token');
  });

  it('says so to the admin of a host the partner does not trust, and installs nothing', async () => {
    trustedByA = [];
    expect(await previewPartnerCourse(testDb.db, context(), base, COURSE)).toEqual({
      ok: false,
      error: 'feed.bundle_refused',
    });
    expect(coursesOfB()).toEqual([]);
  });
});

describe('the shipped courses', () => {
  it('shares every curriculum course, and not the example course for authors', () => {
    const shipped = readCourseContents(join(projectRoot, 'courses'));
    const site = { courses: { hidden: [], archived: [] } };
    const shared = shipped.filter((c) => sharesCourse(c.data, c.slug, site)).map((c) => c.slug);
    // A host's own courses may say `shared: false`: only the curriculum is held to sharing.
    expect(CURRICULUM.filter((slug) => !shared.includes(slug))).toEqual([]);
    expect(shared).not.toContain('example-course');
  });
});

describe('receiving', () => {
  it('asks nothing of a host that is not trusted', async () => {
    expect(await fetchPartnerFeed(base, ['https://oqu.example.kz'])).toEqual({ ok: false, error: 'feed.untrusted' });
    expect(requests).toEqual([]);
  });

  it('refuses a feed changed on the way, and installs nothing', async () => {
    const version = await currentVersion();
    mode = 'tampered-feed';
    expect(await fetchPartnerFeed(base, [base])).toEqual({ ok: false, error: 'feed.signature' });
    expect(await installing(version)).toEqual({ ok: false, error: 'feed.signature' });
    expect(coursesOfB()).toEqual([]);
  });

  it('refuses a bundle whose bytes are not the ones the signed feed states, and installs nothing', async () => {
    const version = await currentVersion();
    mode = 'tampered-bundle';
    expect(await fetchPartnerCourse(base, COURSE, [base], asB())).toEqual({ ok: false, error: 'feed.bundle_digest' });
    expect(await installing(version)).toEqual({ ok: false, error: 'feed.bundle_digest' });
    expect(coursesOfB()).toEqual([]);
  });

  it("refuses a signed course that fails import-course's checks, logs what failed, and installs nothing", async () => {
    mode = 'unsafe-course';
    const version = await currentVersion();
    const warn = vi.spyOn(console, 'warn');
    try {
      expect(await installing(version)).toEqual({ ok: false, error: 'feed.refused' });
      const logged = warn.mock.calls.map((args) => args.join(' ')).join('\n');
      expect(logged).toContain('partner course refused');
      expect(logged).toContain(`"${COURSE}"`);
      expect(logged).toContain(base);
      expect(logged).toContain('09-code.kk.mdx');
    } finally {
      warn.mockRestore();
    }
    expect(coursesOfB()).toEqual([]);
  });

  it('stops reading a bundle larger than announced, and a feed over its cap', async () => {
    mode = 'oversized-bundle';
    expect(await fetchPartnerCourse(base, COURSE, [base], asB())).toEqual({ ok: false, error: 'feed.bundle_too_big' });
    mode = 'plain';
    expect(await fetchPartnerFeed(base, [base], { feedMaxBytes: 100 })).toEqual({ ok: false, error: 'feed.too_big' });
  });

  it('tells a host that publishes no course feed (404) from one that did not answer', async () => {
    mode = 'no-feed';
    expect(await fetchPartnerFeed(base, [base])).toEqual({ ok: false, error: 'feed.none' });
    expect(await fetchPartnerFeed('http://127.0.0.1:9', ['http://127.0.0.1:9'])).toEqual({
      ok: false,
      error: 'feed.unreachable',
    });
  });

  it('does not follow a redirect to elsewhere', async () => {
    mode = 'redirect';
    expect(await fetchPartnerFeed(base, [base])).toEqual({ ok: false, error: 'feed.unreachable' });
    expect(requests.every((url) => !url.includes('127.0.0.2'))).toBe(true);
  });
});

describe('following a partner course', () => {
  it('previews, installs with its origin, then previews and applies the next version keeping progress', async () => {
    const [overview] = await partnerOverview(context());
    expect(overview?.feed.ok && overview.feed.courses.map((c) => [c.entry.id, c.state])).toEqual([[COURSE, 'new']]);
    const first = await previewPartnerCourse(testDb.db, context(), base, COURSE);
    if (!first.ok) throw new Error(first.error);
    expect(first.preview.changes.lessons.added).toEqual(['goals']);
    expect(first.preview.changes.quizzes.added).toEqual(['words']);
    const admin = await makeUser(testDb.db, 'admin');
    const version = first.preview.entry.version;
    expect(
      await applyPartnerCourse(testDb.db, admin, context(), { host: base, course: COURSE, version, confirm: false }),
    ).toEqual({ ok: true, message: 'feed.applied', course: COURSE });
    expect(existsSync(join(rootB, 'courses', COURSE, 'origin.yaml'))).toBe(true);
    const trainee = await makeUser(testDb.db);
    await testDb.db
      .insert(lessonProgress)
      .values({ userId: trainee.id, course: COURSE, lesson: 'goals', completedAt: new Date() });

    // A publishes a new version: the lesson reworded, a lesson added.
    const lessons = join(rootA, 'courses', COURSE, '01-basics');
    writeFileSync(join(lessons, '01-goals.kk.mdx'), lessonText('Жобаның мақсаты', 'Мақсат нақты болсын.', 'words'));
    writeFileSync(join(lessons, '02-budget.kk.mdx'), lessonText('Бюджет', 'Бюджетті жоспарлаңыз.'));
    writeFileSync(join(lessons, '02-budget.ru.mdx'), lessonText('Бюджет', 'Планируйте бюджет.'));
    const [later] = await partnerOverview(context());
    expect(later?.feed.ok && later.feed.courses.map((c) => c.state)).toEqual(['update']);
    const next = await previewPartnerCourse(testDb.db, context(), base, COURSE);
    if (!next.ok) throw new Error(next.error);
    expect(next.preview.changes.lessons).toMatchObject({ added: ['budget'], removed: [], changed: ['goals'] });
    expect([next.preview.enrolled, next.preview.losing]).toEqual([0, 0]);
    // The version previewed is the one applied: an older preview is refused.
    const stale = { host: base, course: COURSE, version, confirm: false };
    expect(await applyPartnerCourse(testDb.db, admin, context(), stale)).toEqual({ ok: false, error: 'feed.changed' });
    const fresh = { ...stale, version: next.preview.entry.version };
    expect((await applyPartnerCourse(testDb.db, admin, context(), fresh)).ok).toBe(true);
    expect(installedCourseState(join(rootB, 'courses', COURSE))?.version).toBe(next.preview.entry.version);
    expect(readdirSync(join(rootB, 'data', 'replaced-courses'))).toHaveLength(1);
    const progress = await testDb.db.select().from(lessonProgress).where(eq(lessonProgress.userId, trainee.id));
    expect(progress.map((p) => p.lesson)).toEqual(['goals']);
    const audit = await testDb.db.select().from(auditLog).where(eq(auditLog.action, 'course.import'));
    expect(audit.map((a) => [a.actorId, a.target])).toEqual([
      [admin.id, COURSE],
      [admin.id, COURSE],
    ]);
  });

  it('asks for confirmation when a new version drops a lesson trainees have progress on', async () => {
    const lessons = join(rootA, 'courses', COURSE, '01-basics');
    for (const locale of ['kk', 'ru'])
      renameSync(join(lessons, `02-budget.${locale}.mdx`), join(lessons, `02-costs.${locale}.mdx`));
    const trainee = await makeUser(testDb.db);
    await testDb.db
      .insert(lessonProgress)
      .values({ userId: trainee.id, course: COURSE, lesson: 'budget', completedAt: new Date() });
    const preview = await previewPartnerCourse(testDb.db, context(), base, COURSE);
    if (!preview.ok) throw new Error(preview.error);
    expect(preview.preview.changes.lessons.dropped).toEqual(['budget']);
    expect(preview.preview.losing).toBe(1);
    const admin = await makeUser(testDb.db, 'admin');
    // What the preview's form posts: the host, course and version previewed, and the box when ticked.
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [name, value] of Object.entries({ intent: 'apply', host: base, course: COURSE, ...fields }))
        data.set(name, value);
      return runPartnerCourseForm(testDb.db, admin, context(), data);
    };
    const version = preview.preview.entry.version;
    expect(await form({ version: 'not-a-version' })).toEqual({ ok: false, error: 'form.unreadable' });
    expect(await form({ version })).toEqual({ ok: false, error: 'feed.confirm' });
    expect(await form({ version, confirm: 'yes' })).toEqual({
      ok: true,
      message: 'feed.applied',
      course: COURSE,
      params: { course: COURSE },
    });
    expect(installedCourseState(join(rootB, 'courses', COURSE))?.version).toBe(version);
  });

  it("never replaces a course written here that has a partner's course name", async () => {
    cpSync(join(fixtures, 'practice'), join(rootB, 'courses', 'practice'), { recursive: true });
    const yaml = join(rootA, 'courses', 'practice', 'course.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('shared: false', 'shared: true'));
    const [overview] = await partnerOverview(context());
    const state = overview?.feed.ok && overview.feed.courses.find((c) => c.entry.id === 'practice')?.state;
    expect(state).toBe('taken');
    const entry = overview?.feed.ok ? overview.feed.courses.find((c) => c.entry.id === 'practice')?.entry : undefined;
    const admin = await makeUser(testDb.db, 'admin');
    const input = { host: base, course: 'practice', version: entry?.version ?? '', confirm: true };
    expect(await applyPartnerCourse(testDb.db, admin, context(), input)).toEqual({
      ok: false,
      error: 'feed.name_taken',
    });
    expect(readdirSync(join(rootB, 'courses', 'practice'))).not.toContain('origin.yaml');
  });
});

describe('a course imported from another host', () => {
  it("is not taken for an older version of this partner's course, nor replaced by it", async () => {
    // A publishes a new version; B's copy of the course names another host as its origin.
    writeFileSync(
      join(rootA, 'courses', COURSE, '01-basics', '03-team.kk.mdx'),
      lessonText('Команда', 'Кім не істейді?'),
    );
    const origin = join(rootB, 'courses', COURSE, 'origin.yaml');
    const kept = readFileSync(origin, 'utf8');
    writeFileSync(origin, kept.split(base).join('https://oqu.example.kz'));
    const stateOf = async () => {
      const [overview] = await partnerOverview(context());
      return overview?.feed.ok ? overview.feed.courses.find((c) => c.entry.id === COURSE) : undefined;
    };
    const listed = await stateOf();
    expect(listed?.state).toBe('elsewhere');
    const admin = await makeUser(testDb.db, 'admin');
    const input = { host: base, course: COURSE, version: listed?.entry.version ?? '', confirm: true };
    expect(await applyPartnerCourse(testDb.db, admin, context(), input)).toEqual({
      ok: false,
      error: 'feed.other_origin',
    });
    expect(readFileSync(origin, 'utf8')).toContain('https://oqu.example.kz');
    // The same course imported from A is A's to update.
    writeFileSync(origin, kept);
    expect((await stateOf())?.state).toBe('update');
  });
});

function lessonText(title: string, body: string, quiz?: string): string {
  return `---\ntitle: ${title}\ndescription: ${title}.\nminutes: 5\n${quiz ? `quiz: ${quiz}\n` : ''}---\n\n${body}\n`;
}
