/**
 * 3. Hostile input: property-based fuzzing (fast-check, seeded) of every form, action and
 * JSON endpoint of the real server: wrong types, huge bodies, deep JSON, invalid UTF-8,
 * control characters, SQL and HTML injection strings, odd content types, forged ids of other
 * users. Every answer must be below 500, show no stack trace or file path, and never redirect
 * off the site; afterwards the database must hold nothing that should not be there.
 * (HTML in names, rendered by a real browser and in the PDF: hostile-markup.test.ts.)
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { FIXTURE_ACCOUNTS } from '../fixtures/accounts.ts';
import { allCourses, courseInfo, passingForm, randomKey } from './lib/courses.ts';
import { openFile } from './lib/db.ts';
import { attemptIdOf, clientAddress, formatHistogram, summarize, type HttpResponse, type Method } from './lib/http.ts';
import {
  CONTENT_TYPES,
  deepCsv,
  encodePart,
  Findings,
  hostileBody,
  hostileFields,
  hostileText,
  show,
  urlText,
} from './lib/hostile.ts';
import { listRouteFiles } from './lib/routes.ts';
import { databaseFile } from './lib/server.ts';
import { createWorld, type World } from './lib/world.ts';

const seed = inject('fcSeed');
fc.configureGlobal({ seed, endOnFailure: true });

/** Cases per property: at least 10,000 in all. */
const RUNS = {
  register: 700,
  login: 700,
  logout: 300,
  account: 1000,
  forgot: 400,
  reset: 500,
  enrol: 500,
  done: 500,
  quizPost: 1300,
  quizForged: 400,
  admin: 700,
  adminForbidden: 100,
  verifyCode: 500,
  verifyQuery: 300,
  verifyPost: 500,
  certificates: 600,
  catalogue: 500,
  jsonEndpoints: 300,
  anyRoute: 800,
  huge: 24,
  oversizeUrl: 20,
  cohortCreate: 300,
  cohortPage: 300,
  join: 200,
  reports: 500,
} as const;

const courses = allCourses().map(courseInfo);
const urbanism = courseInfo('urbanism');
const quizzes = courses.flatMap((c) => Object.entries(c.quizzes).map(([id, q]) => ({ course: c.slug, id, ...q })));
/** Every answer of the run, for the figures printed at the end. */
const totals = new Findings();
/** The answers of the test that is running: each test judges its own (see `fuzz`). */
let findings = new Findings();
let w: World;
let address = 0;
const started = performance.now();

/** The fuzzing learner (its own account, so nothing it does touches the fixtures of other users). */
let fuzzer: string;
const LEARNER_KEY = 'learner-secret-key-0001';
let learnerKeyedAttempt: string;

beforeAll(async () => {
  w = await createWorld('fuzz', { sessions: 400 });
  // One of the learner's attempts under a known key: the fuzzer will reuse the key.
  const q = Object.values(urbanism.quizzes)[0]!;
  learnerKeyedAttempt = attemptIdOf(
    await w.http.post(`/en/courses/urbanism/${q.lesson}/quiz`, passingForm(q.file, LEARNER_KEY), {
      cookie: w.cookie('learner'),
    }),
  )!;
  fuzzer = w.cookie('otherLearner')!;
  console.log(
    `[hostile-input] fast-check seed ${seed} (set OQU_HARDENING_SEED to replay another); ` +
      `${Object.values(RUNS).reduce((a, b) => a + b, 0)} property cases planned, plus the exhaustive redirect probes`,
  );
});

afterAll(async () => {
  await w?.close();
});

async function send(
  endpoint: string,
  method: Method,
  path: string,
  options: { body?: Buffer; type?: string; cookie?: string; from?: string; headers?: Record<string, string> } = {},
): Promise<HttpResponse | undefined> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.type) headers['Content-Type'] = options.type;
  const request = show(method, path, options.body, options.type);
  try {
    const res = await w.http.request(method, path, {
      body: options.body,
      cookie: options.cookie,
      from: options.from,
      headers,
    });
    return findings.record(endpoint, request, res);
  } catch (error) {
    findings.record(endpoint, request, error as Error);
    return undefined;
  }
}

const locales = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('en', 'kk', 'ru') },
  { weight: 2, arbitrary: urlText.map(encodePart) },
);
const nextParam = fc.oneof(
  fc.constantFrom(
    '/en/account',
    '/en/courses/urbanism/building-norms/quiz',
    '//evil.example/',
    'https://evil.example/',
    '/\\evil.example',
    '/%2F%2Fevil.example',
    'javascript:alert(1)',
  ),
  urlText,
);
/**
 * A fuzzing test: runs `body`, then fails with the problems of its own answers (a 5xx,
 * internals in a body, a redirect off the site), grouped by endpoint, so that a failure
 * names the endpoint that broke a rule.
 */
function fuzz(name: string, body: () => Promise<void>): void {
  test(name, async () => {
    findings = new Findings();
    try {
      await body();
    } finally {
      totals.absorb(findings);
    }
    expect(findings.problems.length, `${name}: ${findings.problems.length} problems\n${findings.summary()}`).toBe(0);
  });
}

const run = <T>(arb: fc.Arbitrary<T>, numRuns: number, body: (value: T) => Promise<void>) =>
  fc.assert(
    fc.asyncProperty(arb, async (v) => {
      await body(v);
      return true;
    }),
    { numRuns },
  );

describe('account forms', () => {
  fuzz('register', async () => {
    const fields = hostileFields(['name', 'email', 'password', 'locale', 'region', 'organisation'], {
      email: fc.oneof(hostileText, fc.emailAddress()),
      password: fc.oneof(hostileText, fc.constant('amber-steppe-lantern-4')),
      locale: fc.oneof(fc.constantFrom('kk', 'ru', 'en'), hostileText),
    });
    await run(fc.tuple(locales, nextParam, hostileBody(fields)), RUNS.register, async ([locale, next, b]) => {
      await send('register', 'POST', `/${locale}/register?next=${encodePart(next)}`, {
        ...b,
        from: clientAddress(address++),
      });
    });
  });

  fuzz(
    'login (with real credentials now and then, so hostile `next` and `pendingQuiz` reach the signed-in path)',
    async () => {
      const fields = hostileFields(['email', 'password', 'next', 'pendingQuiz'], {
        email: fc.oneof(hostileText, fc.constant('trainer2@oqu.test'), fc.emailAddress()),
        password: fc.oneof(hostileText, fc.constant(w.password)),
        next: nextParam,
        pendingQuiz: fc.oneof(
          hostileText,
          fc.constant(passingForm(Object.values(urbanism.quizzes)[0]!.file).toString()),
        ),
      });
      await run(fc.tuple(locales, nextParam, hostileBody(fields)), RUNS.login, async ([locale, next, b]) => {
        await send('login', 'POST', `/${locale}/login?next=${encodePart(next)}`, {
          ...b,
          from: clientAddress(address++),
        });
      });
    },
  );

  fuzz('logout (garbage session cookies)', async () => {
    const cookieValue = fc.string({
      unit: fc
        .integer({ min: 0x21, max: 0x7e })
        .filter((c) => c !== 0x3b && c !== 0x2c)
        .map((c) => String.fromCharCode(c)),
      maxLength: 200,
    });
    await run(
      fc.tuple(locales, cookieValue, hostileBody(hostileFields(['intent']))),
      RUNS.logout,
      async ([locale, value, b]) => {
        await send('logout', 'POST', `/${locale}/logout`, { ...b, cookie: `oqu_session=${value}` });
      },
    );
  });

  fuzz('account intents (profile, password; sign-out-everywhere is covered in sessions.test.ts)', async () => {
    const fields = hostileFields(
      ['intent', 'name', 'locale', 'region', 'organisation', 'currentPassword', 'newPassword', 'userId', 'email'],
      {
        intent: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom('profile', 'password') },
          { weight: 1, arbitrary: hostileText.filter((s) => s !== 'everywhere') },
        ),
        userId: fc.constant(w.users.learner.id),
        email: fc.constant('learner@oqu.test'),
      },
    );
    await run(fc.tuple(locales, hostileBody(fields)), RUNS.account, async ([locale, b]) => {
      // 'everywhere' would end the fuzzer's own sessions: never send it.
      if (
        /intent=everywhere(&|$)/.test(b.body.toString('latin1')) ||
        b.body.toString('utf8').includes('"everywhere"') ||
        b.body.toString('utf8').includes('\r\n\r\neverywhere\r\n')
      )
        return;
      await send('account', 'POST', `/${locale}/account`, { ...b, cookie: fuzzer });
    });
  });

  fuzz('forgot and reset password', async () => {
    await run(
      fc.tuple(
        locales,
        hostileBody(
          hostileFields(['email'], {
            email: fc.oneof(hostileText, fc.emailAddress(), fc.constant('learner@oqu.test')),
          }),
        ),
      ),
      RUNS.forgot,
      async ([locale, b]) => {
        await send('forgot-password', 'POST', `/${locale}/forgot-password`, { ...b, from: clientAddress(address++) });
      },
    );
    await run(
      fc.tuple(locales, urlText, fc.boolean(), hostileBody(hostileFields(['token', 'password']))),
      RUNS.reset,
      async ([locale, token, get, b]) => {
        if (get) await send('reset-password', 'GET', `/${locale}/reset-password?token=${encodePart(token)}`);
        else await send('reset-password', 'POST', `/${locale}/reset-password?token=${encodePart(token)}`, b);
      },
    );
  });
});

describe('learning actions', () => {
  const slug = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...courses.map((c) => c.slug)) },
    { weight: 4, arbitrary: urlText },
  );
  const lesson = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...courses.flatMap((c) => c.lessons)) },
    { weight: 4, arbitrary: urlText },
  );

  fuzz('enrol (POST on the syllabus)', async () => {
    await run(
      fc.tuple(locales, slug, fc.boolean(), hostileBody(hostileFields(['course', 'userId']))),
      RUNS.enrol,
      async ([locale, course, signed, b]) => {
        await send('enrol', 'POST', `/${locale}/courses/${encodePart(course)}/`, {
          ...b,
          cookie: signed ? fuzzer : undefined,
        });
      },
    );
  });

  fuzz('mark as done', async () => {
    await run(
      fc.tuple(locales, slug, lesson, fc.boolean(), hostileBody(hostileFields(['lesson', 'userId']))),
      RUNS.done,
      async ([locale, course, l, signed, b]) => {
        await send('done', 'POST', `/${locale}/courses/${encodePart(course)}/${encodePart(l)}/done`, {
          ...b,
          cookie: signed ? fuzzer : undefined,
        });
      },
    );
  });

  fuzz('quiz submissions: hostile answers, keys and bodies', async () => {
    const answerFields = fc.constantFrom(...quizzes).chain((q) => {
      const names = (q.file.questions as { id: string; type: string; choices?: { id: string }[] }[]).flatMap(
        (question) =>
          question.type === 'order'
            ? (question.choices ?? []).map((c) => `q.${question.id}.${c.id}`)
            : [`q.${question.id}`],
      );
      const key = fc.oneof(fc.constant(randomKey()), fc.constant(LEARNER_KEY), hostileText);
      return fc.tuple(
        fc.constant(q),
        hostileBody(
          hostileFields([...names, 'idempotencyKey', 'userId'], {
            idempotencyKey: key,
            userId: fc.constant(w.users.learner.id),
          }),
        ),
      );
    });
    let reusedKey: string | undefined;
    await run(fc.tuple(locales, answerFields, fc.boolean()), RUNS.quizPost, async ([locale, [q, b], signed]) => {
      const res = await send('quiz', 'POST', `/${locale}/courses/${q.course}/${q.lesson}/quiz`, {
        ...b,
        cookie: signed ? fuzzer : undefined,
      });
      if (
        res &&
        b.body.toString('latin1').includes(`idempotencyKey=${LEARNER_KEY}`) &&
        q.course === 'urbanism' &&
        signed
      )
        reusedKey ??= attemptIdOf(res);
    });
    // A key someone else used gives the fuzzer its own attempt, never theirs.
    if (reusedKey) expect(reusedKey).not.toBe(learnerKeyedAttempt);
  });

  fuzz("forged attempt ids: another learner's attempt is never shown", async () => {
    const attempt = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(w.learnerAttemptId, learnerKeyedAttempt) },
      { weight: 2, arbitrary: urlText },
    );
    const q = Object.values(urbanism.quizzes)[0]!;
    const shown: string[] = [];
    await run(fc.tuple(locales, attempt), RUNS.quizForged, async ([locale, id]) => {
      const res = await send(
        'quiz-result',
        'GET',
        `/${locale}/courses/urbanism/${q.lesson}/quiz?attempt=${encodePart(id)}`,
        { cookie: fuzzer },
      );
      if (res && res.status === 200) shown.push(id);
    });
    expect(shown, 'attempt ids of another learner that showed a result').toEqual([]);
  });
});

describe('administration', () => {
  const fields = () =>
    hostileFields(['intent', 'code', 'reason', 'email', 'userId', 'role', 'active', 'course'], {
      intent: fc.oneof(fc.constantFrom('revoke', 'reissue', 'role', 'active', 'assign', 'unassign', ''), hostileText),
      // The target or nobody: changing a fixture user's role would end sessions other tests use.
      userId: fc.oneof(fc.constant(w.users.target.id), hostileText),
      course: fc.oneof(fc.constantFrom('urbanism', 'no-such-course'), hostileText),
      // Never the admin's own address: demoting itself would end the fuzzing admin's sessions.
      email: fc.oneof(
        fc.constant('target@oqu.test'),
        hostileText.filter((s) => !/admin@oqu\.test/i.test(s)),
      ),
      role: fc.oneof(fc.constantFrom('learner', 'trainer', 'admin', 'superadmin', 'ADMIN', 'admin '), hostileText),
      code: fc.oneof(hostileText, fc.constantFrom('0000-0000-0000', 'xxxx-xxxx-xxxx', "' OR 1=1 --")),
    });
  fuzz('admin intents as an admin', async () => {
    await run(fc.tuple(locales, hostileBody(fields())), RUNS.admin, async ([locale, b]) => {
      await send('admin', 'POST', `/${locale}/admin/`, { ...b, cookie: w.cookie('admin') });
    });
  });
  fuzz('admin intents as a learner and a trainer are all refused', async () => {
    const allowed: string[] = [];
    await run(
      fc.tuple(fc.constantFrom(fuzzer, w.cookie('trainer')!), hostileBody(fields())),
      RUNS.adminForbidden,
      async ([cookie, b]) => {
        const res = await send('admin-forbidden', 'POST', '/en/admin/', { ...b, cookie });
        // 413: the body cap refuses a large hostile body before anyone reads it, which is a refusal too.
        if (res && res.status !== 403 && res.status !== 413) allowed.push(`${res.status}`);
      },
    );
    expect(allowed).toEqual([]);
  });
});

describe('trainer workspace, cohorts and reports', () => {
  const date = fc.oneof(
    fc.constantFrom('', '2026-12-01', '2026-02-30', '1900-01-01', '9999-12-31', '2026-13-01'),
    hostileText,
  );

  fuzz('new cohort form, as a trainer', async () => {
    const fields = hostileFields(
      ['name', 'course', 'startsOn', 'endsOn', 'applicationsOpenOn', 'applicationsCloseOn'],
      {
        course: fc.oneof(fc.constantFrom('urbanism', 'social-entrepreneurship', 'no-such-course'), hostileText),
        startsOn: date,
        endsOn: date,
        applicationsOpenOn: date,
        applicationsCloseOn: date,
      },
    );
    await run(fc.tuple(locales, hostileBody(fields)), RUNS.cohortCreate, async ([locale, b]) => {
      await send('cohort-create', 'POST', `/${locale}/trainer/`, { ...b, cookie: w.cookie('trainer') });
    });
  });

  fuzz('cohort page: CSV import and decisions, as its trainer; forged cohort ids', async () => {
    const csvRow = fc
      .tuple(
        hostileText,
        fc.oneof(fc.emailAddress(), hostileText),
        fc.oneof(fc.constantFrom('kk', 'ru', 'en', 'қазақша'), hostileText),
      )
      .map((cells) => cells.map((c) => (/[;,"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';'));
    const csv = fc.oneof(
      fc.array(csvRow, { maxLength: 30 }).map((rows) => ['name;email;language', ...rows].join('\r\n')),
      hostileText,
      deepCsv(),
    );
    const fields = hostileFields(['intent', 'csv', 'userId', 'accept'], {
      intent: fc.oneof(fc.constantFrom('import', 'decide'), hostileText),
      csv,
      userId: fc.oneof(fc.constant(w.users.learner.id), hostileText),
      accept: fc.constantFrom('1', '0', ''),
    });
    const id = fc.oneof({ weight: 4, arbitrary: fc.constant(w.cohortId) }, { weight: 1, arbitrary: urlText });
    await run(
      fc.tuple(
        locales,
        id,
        hostileBody(fields),
        fc.constantFrom<'trainer' | 'otherTrainer'>('trainer', 'trainer', 'trainer', 'otherTrainer'),
      ),
      RUNS.cohortPage,
      async ([locale, cohort, b, who]) => {
        const res = await send('cohort-page', 'POST', `/${locale}/trainer/cohorts/${encodePart(cohort)}`, {
          ...b,
          cookie: w.cookie(who),
        });
        if (res && who === 'otherTrainer' && res.status === 200)
          findings.problems.push({
            endpoint: 'cohort-page',
            what: "another course's trainer managed the cohort",
            request: show('POST', cohort),
            status: 200,
            excerpt: '',
          });
      },
    );
  });

  fuzz('join links with odd codes', async () => {
    const code = fc.oneof(fc.constant(w.joinCode), fc.constant(w.joinCode.toUpperCase()), urlText);
    await run(fc.tuple(locales, code, fc.boolean()), RUNS.join, async ([locale, c, post]) => {
      await send(
        'join',
        post ? 'POST' : 'GET',
        `/${locale}/join/${encodePart(c)}`,
        post ? { body: Buffer.from(''), type: 'application/x-www-form-urlencoded', cookie: w.cookie('trainer') } : {},
      );
    });
  });

  fuzz('report, audit and dashboard queries (HTML and CSV)', async () => {
    const targets = [
      { file: '[locale]/admin/report.astro', path: '/en/admin/report', who: 'admin' as const },
      { file: '[locale]/admin/report.csv.ts', path: '/en/admin/report.csv', who: 'admin' as const },
      { file: '[locale]/admin/audit.astro', path: '/en/admin/audit', who: 'admin' as const },
      { file: '[locale]/admin/audit.csv.ts', path: '/en/admin/audit.csv', who: 'admin' as const },
      {
        file: '[locale]/trainer/courses/[course]/index.astro',
        path: '/en/trainer/courses/urbanism/',
        who: 'trainer' as const,
      },
      {
        file: '[locale]/trainer/courses/[course]/[table].csv.ts',
        path: '/en/trainer/courses/urbanism/trainees.csv',
        who: 'trainer' as const,
      },
      {
        file: '[locale]/trainer/courses/[course]/[table].csv.ts',
        path: '/en/trainer/courses/urbanism/quizzes.csv',
        who: 'trainer' as const,
      },
    ];
    const name = fc.constantFrom('from', 'to', 'by', 'action', 'actor', 'page', 'cohort', 'sort', 'dir', 'status', 'q');
    const value = fc.oneof(
      fc.constantFrom('2026-01', '2026-13', '0', '-1', '99999999999', 'course', 'name', 'desc', w.cohortId),
      urlText.map((v) => v.slice(0, 300)),
    );
    await run(
      fc.tuple(fc.constantFrom(...targets), fc.array(fc.tuple(name, value), { maxLength: 5 })),
      RUNS.reports,
      async ([t, ps]) => {
        await send(`report ${t.path}`, 'GET', `${t.path}?${ps.map(([k, v]) => `${k}=${encodePart(v)}`).join('&')}`, {
          cookie: w.cookie(t.who),
        });
      },
    );
  });
});

describe('certificates and verification', () => {
  const code = () =>
    fc.oneof(
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          w.certificateCode,
          w.certificateCode.toLowerCase(),
          w.certificateCode.replace(/-/g, ''),
          ` ${w.certificateCode} `,
          `${w.certificateCode}-0`,
          'ОООО-0000-0000',
          '0000-0000-0000',
        ),
      },
      { weight: 1, arbitrary: fc.stringMatching(/^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/) },
      { weight: 3, arbitrary: urlText },
    );
  fuzz('verify by code (path and query)', async () => {
    await run(code(), RUNS.verifyCode, async (c) => {
      await send('verify-code', 'GET', `/verify/${encodePart(c)}`, { from: clientAddress(address++) });
    });
    await run(fc.tuple(code(), urlText, locales), RUNS.verifyQuery, async ([c, lang, locale]) => {
      // The former address (a redirect that keeps the code) and the form itself.
      await send('verify-query', 'GET', `/verify?code=${encodePart(c)}&lang=${encodePart(lang)}`, {
        from: clientAddress(address++),
      });
      await send('verify-query', 'GET', `/${locale}/verify?code=${encodePart(c)}`, { from: clientAddress(address++) });
    });
  });

  fuzz('verify a pasted credential (JWT-shaped garbage, deep JSON payloads, huge text)', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const jwtLike = fc.oneof(
      hostileText,
      fc.tuple(hostileText, hostileText, hostileText).map(([a, b, c]) => `${b64(a)}.${b64(b)}.${b64(c)}`),
      fc
        .tuple(
          fc.integer({ min: 1, max: 50_000 }),
          fc.constantFrom(w.server.baseURL, 'http://localhost:4321', 'not a url'),
        )
        .map(
          ([n, host]) =>
            `${b64(JSON.stringify({ alg: 'RS256', kid: `${host}/keys/${w.kid}.json` }))}.` +
            `${b64('{"vc":'.repeat(n) + '1' + '}'.repeat(n))}.${b64('sig')}`,
        ),
      fc
        .tuple(hostileText)
        .map(
          ([s]) =>
            `${b64(JSON.stringify({ alg: 'none', kid: `${w.server.baseURL}/keys/${w.kid}.json` }))}.` +
            `${b64(JSON.stringify({ vc: { id: s, issuer: { id: s } } }))}.`,
        ),
    );
    await run(fc.tuple(jwtLike, hostileBody(hostileFields(['lang']))), RUNS.verifyPost, async ([credential, extra]) => {
      const body = Buffer.concat([Buffer.from(`credential=${encodePart(credential)}&`), extra.body]);
      await send('verify-post', 'POST', '/en/verify', { body, type: 'application/x-www-form-urlencoded' });
    });
  });

  fuzz('certificate files with odd codes (.pdf, .json, /status)', async () => {
    await run(fc.tuple(code(), fc.constantFrom('.pdf', '.json', '/status')), RUNS.certificates, async ([c, suffix]) => {
      await send(`certificate${suffix}`, 'GET', `/certificates/${encodePart(c)}${suffix}`);
    });
  });
});

describe('catalogue and public JSON', () => {
  fuzz('catalogue query parameters and odd locales', async () => {
    const params = fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom('field', 'lang', 'q', 'page'), urlText),
        urlText.map((v) => v.slice(0, 300)),
      ),
      { maxLength: 5 },
    );
    await run(fc.tuple(locales, params), RUNS.catalogue, async ([locale, ps]) => {
      await send(
        'catalogue',
        'GET',
        `/${locale}/?${ps.map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`).join('&')}`,
      );
    });
  });

  fuzz('JSON endpoints: keys, JWKS, issuer, health with odd ids, queries and Accept headers', async () => {
    await run(
      fc.tuple(
        fc.constantFrom('keys', 'jwks', 'issuer', 'healthz'),
        urlText,
        fc.constantFrom('application/json', 'text/html', '*/*', 'application/jwk+json;q=0.5, */*;q=0.1', ''),
      ),
      RUNS.jsonEndpoints,
      async ([which, value, accept]) => {
        const path =
          which === 'keys'
            ? `/keys/${encodePart(value)}.json`
            : which === 'jwks'
              ? `/.well-known/jwks.json?kid=${encodePart(value)}`
              : which === 'issuer'
                ? `/issuer.json?${encodePart(value)}`
                : `/healthz?${encodePart(value)}`;
        await send(`json-${which}`, 'GET', path, { headers: accept ? { Accept: accept } : {} });
      },
    );
  });
});

describe('every route', () => {
  const routes = listRouteFiles().filter((r) => !r.prerendered);
  const fill = (pattern: string, v: string) => pattern.replace(/\[(\.\.\.)?[a-z]+\]/g, () => encodePart(v));

  fuzz('any route × any method × garbage body and content type', async () => {
    const method = fc.constantFrom<Method>('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD');
    const segment = fc.oneof(
      fc.constantFrom('en', 'urbanism', 'building-norms', w.certificateCode),
      urlText.map((v) => v.slice(0, 300)),
    );
    await run(
      fc.tuple(
        fc.constantFrom(...routes),
        method,
        segment,
        hostileBody(hostileFields(['intent', 'email', 'name', 'code'])),
        fc.boolean(),
      ),
      RUNS.anyRoute,
      async ([route, m, seg, b, signed]) => {
        const path = fill(route.pattern, seg);
        // Signed in, except on sign-out, which would end the fuzzer's session.
        const cookie = signed && !route.file.includes('logout') && !route.file.includes('account') ? fuzzer : undefined;
        await send(`any ${route.pattern}`, m, path, m === 'GET' || m === 'HEAD' ? { cookie } : { ...b, cookie });
      },
    );
  });

  fuzz(
    'redirects never leave the site: backslashes, tabs and slashes in every path segment and return address ' +
      '(exhaustive)',
    async () => {
      const probes = [
        '\\evil.example',
        '/evil.example',
        '\t',
        '\t/evil.example',
        '//evil.example',
        '\\\\evil.example',
        'https://evil.example',
        '%5Cevil.example',
        '\n',
      ];
      const real: Record<string, string> = {
        locale: 'en',
        course: 'urbanism',
        lesson: 'building-norms',
        code: w.certificateCode,
        kid: w.kid,
        file: 'x',
        id: w.cohortId,
        table: 'x',
      };
      let sent = 0;
      for (const route of routes) {
        const names = [...route.pattern.matchAll(/\[(?:\.\.\.)?([a-z]+)\]/g)].map((m) => m[1]!);
        for (const method of route.methods.includes('POST') ? (['GET', 'POST'] as Method[]) : (['GET'] as Method[])) {
          // The probe in each dynamic segment in turn (the others real), then in ?next=.
          for (let where = 0; where <= names.length; where++) {
            for (const probe of probes) {
              let i = 0;
              const path = route.pattern.replace(/\[(?:\.\.\.)?([a-z]+)\]/g, (_, name: string) =>
                i++ === where ? encodePart(probe) : (real[name] ?? 'x'),
              );
              const query = where === names.length ? `?next=${encodePart(probe)}` : '';
              const cookie =
                route.file.includes('logout') || (route.file.includes('account') && method === 'POST')
                  ? undefined
                  : fuzzer;
              await send(
                `redirect ${route.pattern}`,
                method,
                `${path}${query}`,
                method === 'POST'
                  ? {
                      body: Buffer.from(`next=${encodePart(probe)}`),
                      type: 'application/x-www-form-urlencoded',
                      cookie,
                    }
                  : { cookie },
              );
              sent++;
            }
          }
        }
      }
      console.log(
        `[hostile-input] redirect probes: ${sent} requests (every route, method, segment and ?next= × ` +
          `${probes.length} probes)`,
      );
    },
  );

  fuzz('URLs over the 16 KB header limit answer 431 (or the connection is closed while still sending)', async () => {
    let answered = 0;
    await run(
      fc.tuple(fc.constantFrom(...routes), fc.integer({ min: 17, max: 200 })),
      RUNS.oversizeUrl,
      async ([route, kb]) => {
        const path = `${route.pattern.replace(/\[(\.\.\.)?[a-z]+\]/g, 'x')}?q=${'A'.repeat(kb * 1024)}`;
        findings.cases++;
        try {
          const res = await w.http.get(path);
          answered++;
          if (res.status !== 431 && res.status !== 414)
            findings.record(`oversize ${route.pattern}`, show('GET', path), res);
        } catch (error) {
          if (!/ECONNRESET|EPIPE|socket hang up/.test(String(error)))
            findings.record(`oversize ${route.pattern}`, show('GET', path), error as Error);
        }
      },
    );
    console.log(
      `[hostile-input] oversize URLs: ${RUNS.oversizeUrl} sent, ${answered} answered 431, the rest closed by Node ` +
        `while sending`,
    );
  });

  fuzz('huge bodies (1-8 MB) on every POST route', async () => {
    const posts = routes.filter((r) => r.methods.includes('POST'));
    await run(
      fc.tuple(
        fc.constantFrom(...posts),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(...CONTENT_TYPES.slice(0, 6)),
      ),
      RUNS.huge,
      async ([route, mb, type]) => {
        const path = route.pattern
          .replace('[locale]', 'en')
          .replace('[course]', 'urbanism')
          .replace('[lesson]', 'building-norms')
          .replace('[code]', 'XXXX');
        const body = Buffer.alloc(mb * 1024 * 1024, `name=${'ә'.repeat(50)}&`);
        await send(`huge ${route.pattern}`, 'POST', path, {
          body,
          type,
          cookie: route.file.includes('logout') || route.file.includes('account') ? undefined : fuzzer,
        });
      },
    );
  });
});

describe('afterwards', () => {
  // Each test above judged its own answers; this one checks that the run was as large as planned.
  test('at least 10,000 cases were sent', () => {
    console.log(
      `[hostile-input] ${totals.cases} cases in ${((performance.now() - started) / 1000).toFixed(0)} s (seed ` +
        `${seed}); statuses ${formatHistogram(totals.statuses)}; latency ${summarize(totals.ms)}; ` +
        `problems ${totals.problems.length}${totals.problems.length ? `\n${totals.summary()}` : ''}`,
    );
    expect(totals.cases).toBeGreaterThanOrEqual(10_000);
  });

  test('the server logged no error while being fuzzed', () => {
    const trouble = w.server
      .log()
      .split('\n')
      .filter((l) => /SQLITE_|\[ERROR\]|Error:/.test(l));
    console.log(
      `[hostile-input] server log error lines: ${trouble.length}` +
        (trouble.length ? ` (first: ${trouble[0]!.slice(0, 200)})` : ''),
    );
    expect(trouble.slice(0, 5)).toEqual([]);
  });

  test('nothing stored that should not be', async () => {
    await w.server.stop();
    const db = openFile(databaseFile(w.dataDir));
    const q = async (sql: string) => (await db.execute(sql)).rows;
    const problems: string[] = [];
    for (const u of await q('SELECT email, display_name, role, locale, region, organisation FROM users')) {
      const [email, name, role, locale, region, organisation] = Array.from(u).map((v) =>
        v === null ? null : String(v),
      ) as (string | null)[];
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email!) || email !== email!.trim().toLowerCase() || email!.length > 254)
        problems.push(`user email ${JSON.stringify(email)}`);
      if (
        !name ||
        name.length > 120 ||
        name !== name.normalize('NFC').trim() ||
        /[\p{Cc}\p{Cf}]/u.test(name) ||
        !/\p{L}/u.test(name)
      )
        problems.push(`display name ${JSON.stringify(name)}`);
      if (!['learner', 'trainer', 'admin'].includes(role!)) problems.push(`role ${role}`);
      if (!['kk', 'ru', 'en'].includes(locale!)) problems.push(`locale ${locale}`);
      for (const v of [region, organisation])
        if (v != null && (v.length > 200 || /[\p{Cc}]/u.test(v)))
          problems.push(`region/organisation ${JSON.stringify(v.slice(0, 80))}`);
    }
    const roles = Object.fromEntries(
      (await q("SELECT email, role FROM users WHERE email LIKE '%@oqu.test' AND email NOT LIKE 'matrix-%'")).map(
        (r) => [String(r[0]), String(r[1])],
      ),
    );
    for (const { email: who, role } of Object.values(FIXTURE_ACCOUNTS)) {
      if (roles[who] !== role) problems.push(`${who} is now ${roles[who]}`);
    }
    const learnerName = String((await q("SELECT display_name FROM users WHERE email = 'learner@oqu.test'"))[0]![0]);
    if (learnerName !== FIXTURE_ACCOUNTS.learner.name)
      problems.push(`the learner's name changed to ${JSON.stringify(learnerName)}`);
    const realLessons = new Set(courses.flatMap((c) => c.lessons.map((l) => `${c.slug}/${l}`)));
    const realQuizzes = new Map(
      quizzes.map((qz) => [`${qz.course}/${qz.id}`, new Set((qz.file.questions as { id: string }[]).map((x) => x.id))]),
    );
    for (const r of await q('SELECT course FROM enrollments'))
      if (!courses.some((c) => c.slug === String(r[0]))) problems.push(`enrolment in ${JSON.stringify(r[0])}`);
    for (const r of await q('SELECT course, lesson FROM lesson_progress'))
      if (!realLessons.has(`${r[0]}/${r[1]}`)) problems.push(`progress on ${r[0]}/${r[1]}`);
    const attempts = await q(
      'SELECT course, quiz, answers, idempotency_key, score, max_score, percent FROM quiz_attempts',
    );
    for (const r of attempts) {
      const ids = realQuizzes.get(`${r[0]}/${r[1]}`);
      if (!ids) {
        problems.push(`attempt at ${r[0]}/${r[1]}`);
        continue;
      }
      const answers = JSON.parse(String(r[2])) as Record<string, unknown>;
      for (const [k, v] of Object.entries(answers)) {
        if (!ids.has(k)) problems.push(`answer to unknown question ${JSON.stringify(k)}`);
        const ok =
          (typeof v === 'string' && v.length <= 2000) ||
          (Array.isArray(v) && v.length <= 200 && v.every((x) => typeof x === 'string' && x.length <= 2000));
        if (!ok) problems.push(`answer value ${JSON.stringify(v).slice(0, 80)}`);
      }
      if (!/^[A-Za-z0-9_-]{8,128}$/.test(String(r[3]))) problems.push(`idempotency key ${JSON.stringify(r[3])}`);
      if (!(Number(r[4]) >= 0 && Number(r[4]) <= Number(r[5]) && Number(r[6]) >= 0 && Number(r[6]) <= 100))
        problems.push(`score ${r[4]}/${r[5]} (${r[6]}%)`);
    }
    {
      const iso = (v: unknown) =>
        v === null ||
        (/^\d{4}-\d{2}-\d{2}$/.test(String(v)) &&
          !Number.isNaN(Date.parse(String(v))) &&
          new Date(String(v)).toISOString().startsWith(String(v)));
      for (const r of await q(
        'SELECT name, course, starts_on, ends_on, applications_open_on, applications_close_on FROM cohorts',
      )) {
        const name = String(r[0]);
        if (!name || name.length > 120 || name !== name.trim())
          problems.push(`cohort name ${JSON.stringify(name.slice(0, 80))}`);
        if (!courses.some((c) => c.slug === String(r[1]))) problems.push(`cohort of course ${JSON.stringify(r[1])}`);
        for (const d of [r[2], r[3], r[4], r[5]]) if (!iso(d)) problems.push(`cohort date ${JSON.stringify(d)}`);
      }
    }
    for (const r of await q(
      'SELECT user_id, course, count(*) FROM certificates WHERE replaced_by IS NULL GROUP BY user_id, course HAVING ' +
        'count(*) > 1',
    ))
      problems.push(`${r[2]} current certificates for ${r[0]}/${r[1]}`);
    for (const r of await q('SELECT revoked_reason FROM certificates WHERE revoked_reason IS NOT NULL'))
      if (String(r[0]).length > 500) problems.push('revocation reason over 500 characters');
    const counts = Object.fromEntries(
      await Promise.all(
        [
          'users',
          'sessions',
          'enrollments',
          'lesson_progress',
          'quiz_attempts',
          'certificates',
          'password_reset_tokens',
          'cohorts',
          'cohort_members',
        ].map(async (t) => [t, Number((await q(`SELECT count(*) FROM ${t}`))[0]![0])] as const),
      ),
    );
    db.close();
    console.log(`[hostile-input] stored after fuzzing: ${JSON.stringify(counts)}; problems ${problems.length}`);
    expect(problems.slice(0, 30)).toEqual([]);
  });
});
