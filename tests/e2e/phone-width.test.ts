/**
 * Every page fits a phone: in Chromium at 390×844 (a common phone), every page route of
 * src/pages (the list the authorisation matrix is generated from, tests/hardening/lib/routes.ts)
 * is opened by each role that may see it (as in the authorisation TABLE) and must not scroll
 * sideways: `document.documentElement.scrollWidth` stays within the viewport and no element
 * reaches past it (the message names the elements that do), and the Content Security Policy refuses
 * nothing on it (a refused style is a page drawn without it). The prerendered lessons are opened
 * in every language, the pages with forms and tables in English and Kazakh (long words).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext } from './browser.ts';
import { get, postForm, signInCookie } from './http.ts';
import { acceptAssignments } from '../helpers/accepted-work.ts';
import { listLessonFiles } from '../helpers/course-files.ts';
import { courseInfo, donePath, passingForm, quizPath, randomKey } from '../hardening/lib/courses.ts';
import { listRouteFiles } from '../hardening/lib/routes.ts';

const baseURL = inject('baseURL');
const root = inject('projectRoot');
const accounts = inject('accounts');
const WIDTH = 390;

type Role = 'anonymous' | 'learner' | 'trainer' | 'admin';
const ROLES: Role[] = ['anonymous', 'learner', 'trainer', 'admin'];
const SIGNED_IN: ('learner' | 'trainer' | 'admin')[] = ['learner', 'trainer', 'admin'];

/** What the pages below point at: made over HTTP in beforeAll, as a trainer and a trainee would. */
interface World {
  cohortId: string;
  joinCode: string;
  attemptPath: string;
  certificateCode: string;
}

interface PageRow {
  /** Concrete URLs of the page, `{locale}` replaced by each locale checked. */
  urls: (w: World) => string[];
  /** The roles that see the page (200 in the authorisation TABLE); the others are redirected or refused. */
  roles: Role[];
  /** Locales to check; English and Kazakh by default. */
  locales?: string[];
  note?: string;
}

const lessons = listLessonFiles(join(root, 'courses'));
const lessonUrls = [...new Set(lessons.map((l) => `/{locale}/courses/${l.course}/${l.slug}/`))];
const courses = [...new Set(lessons.map((l) => l.course))];

/** Every page route file (an .astro file) of src/pages; endpoints answer JSON, CSV, PDF or redirects. */
const PAGES: Record<string, PageRow> = {
  'index.astro': { urls: () => [], roles: [], note: 'only redirects to /<locale>/' },
  '404.astro': { urls: () => ['/{locale}/courses/no-such-course/'], roles: ROLES },
  '500.astro': {
    urls: () => ['/500'],
    roles: ['anonymous', 'admin'],
    locales: ['en'],
    note: 'asked for directly it answers the 404 page; an error renders the same layout',
  },
  '[locale]/[page].astro': {
    urls: () => ['/{locale}/about', '/{locale}/privacy', '/{locale}/terms'],
    roles: ['anonymous'],
    note: 'prerendered: the same file for every role',
  },
  '[locale]/glossary.astro': {
    urls: () => ['/{locale}/glossary'],
    roles: ['anonymous'],
    locales: ['en', 'kk', 'ru'],
    note: 'prerendered: the same file for every role',
  },
  '[locale]/account.astro': { urls: () => ['/{locale}/account'], roles: SIGNED_IN },
  '[locale]/account/competencies.astro': { urls: () => ['/{locale}/account/competencies'], roles: SIGNED_IN },
  '[locale]/competencies/[framework].astro': {
    urls: () => ['/{locale}/competencies/social-innovation'],
    roles: ['anonymous'],
  },
  '[locale]/admin/index.astro': {
    urls: () => ['/{locale}/admin/', `/{locale}/admin/?q=${encodeURIComponent('oqu.test')}`],
    roles: ['admin'],
  },
  '[locale]/admin/audit.astro': { urls: () => ['/{locale}/admin/audit'], roles: ['admin'] },
  '[locale]/admin/system.astro': { urls: () => ['/{locale}/admin/system'], roles: ['admin'] },
  // The e2e site trusts no partner host: the page says how to add one (its tables at 390 px: course-feed.test.ts).
  '[locale]/admin/partner-courses.astro': { urls: () => ['/{locale}/admin/partner-courses'], roles: ['admin'] },
  '[locale]/admin/certificates.astro': {
    urls: () => ['/{locale}/admin/certificates', '/{locale}/admin/certificates?q=urbanism'],
    roles: ['admin'],
  },
  '[locale]/admin/report.astro': { urls: () => ['/{locale}/admin/report'], roles: ['admin'] },
  '[locale]/courses/[course]/[lesson].astro': {
    urls: () => lessonUrls,
    roles: ['anonymous'],
    locales: ['kk', 'ru', 'en'],
    note: 'prerendered: the same file for every role',
  },
  '[locale]/courses/[course]/[lesson]/quiz.astro': {
    urls: (w) => [w.attemptPath.replace(/^\/en\//, '/{locale}/')],
    roles: ['learner'],
  },
  '[locale]/programmes/[programme]/index.astro': {
    urls: () => ['/{locale}/programmes/trainer-programme/'],
    roles: ['anonymous', 'learner'],
  },
  '[locale]/courses/[course]/index.astro': {
    urls: () => courses.map((c) => `/{locale}/courses/${c}/`),
    roles: ROLES,
  },
  '[locale]/forgot-password.astro': { urls: () => ['/{locale}/forgot-password'], roles: ROLES },
  '[locale]/index.astro': { urls: () => ['/{locale}/'], roles: ROLES },
  '[locale]/login.astro': { urls: () => ['/{locale}/login'], roles: ['anonymous'] },
  '[locale]/logout.astro': { urls: () => ['/{locale}/logout'], roles: SIGNED_IN },
  '[locale]/register.astro': { urls: () => ['/{locale}/register'], roles: ['anonymous'] },
  '[locale]/reset-password.astro': { urls: () => ['/{locale}/reset-password?token=not-a-token'], roles: ['anonymous'] },
  '[locale]/search.astro': {
    urls: () => ['/{locale}/search/', '/{locale}/search/?q=data'],
    roles: ['anonymous'],
    locales: ['kk', 'ru', 'en'],
    note: 'prerendered',
  },
  '[locale]/events/index.astro': {
    urls: () => ['/{locale}/events/', '/{locale}/events/?month=2026-12'],
    roles: SIGNED_IN,
  },
  '[locale]/events/[id].astro': {
    urls: () => [],
    roles: [],
    note: 'needs a session open to the trainee: checked at 390 px in seminars.test.ts',
  },
  '[locale]/events/[id]/checkin.astro': {
    urls: () => [],
    roles: [],
    note: 'needs a running session: checked at 390 px in event-checkin.test.ts',
  },
  '[locale]/trainer/events/[id]/checkin.astro': {
    urls: () => [],
    roles: [],
    note: 'the QR code of a running session: checked at 390 px in event-checkin.test.ts',
  },
  '[locale]/trainer/events/index.astro': { urls: () => ['/{locale}/trainer/events/'], roles: ['trainer', 'admin'] },
  '[locale]/trainer/events/[id].astro': {
    urls: () => [],
    roles: [],
    note: 'attendance on a phone: checked at 390 px in seminars.test.ts',
  },
  '[locale]/trainer/index.astro': { urls: () => ['/{locale}/trainer/'], roles: ['trainer', 'admin'] },
  '[locale]/trainer/cohorts/[id].astro': {
    urls: (w) => [`/{locale}/trainer/cohorts/${w.cohortId}`],
    roles: ['trainer', 'admin'],
  },
  '[locale]/trainer/cohorts/[id]/competencies.astro': {
    urls: (w) => [`/{locale}/trainer/cohorts/${w.cohortId}/competencies`],
    roles: ['trainer', 'admin'],
  },
  '[locale]/trainer/courses/[course]/index.astro': {
    urls: (w) => ['/{locale}/trainer/courses/urbanism/', `/{locale}/trainer/courses/urbanism/?cohort=${w.cohortId}`],
    roles: ['trainer', 'admin'],
  },
  '[locale]/trainer/courses/[course]/notes.astro': {
    urls: () => ['/{locale}/trainer/courses/urbanism/notes'],
    roles: ['trainer', 'admin'],
  },
  '[locale]/trainer/reviews/index.astro': { urls: () => ['/{locale}/trainer/reviews'], roles: ['trainer', 'admin'] },
  '[locale]/trainer/reviews/[id].astro': {
    urls: () => [],
    roles: [],
    note: 'needs handed-in work with a rubric: checked at 390 px in trainer-review.test.ts',
  },
  '[locale]/courses/[course]/assignments/[id]/peer.astro': {
    urls: () => [],
    roles: [],
    note: 'the end-to-end site has no peer-reviewed assignment yet: not checked at 390 px',
  },
  '[locale]/courses/[course]/assignments/[id]/peer/[n].astro': {
    urls: () => [],
    roles: [],
    note: 'needs work allocated to the trainee in a peer-reviewed assignment: not checked at 390 px yet',
  },
  '[locale]/courses/[course]/assignments/[id].astro': {
    urls: () => ['/{locale}/courses/hand-in/assignments/street-audit'],
    roles: SIGNED_IN,
    note: 'the fixture course hand-in; with a draft, files and versions in assignment-hand-in.test.ts',
  },
  '[locale]/discussions/[course]/index.astro': {
    urls: () => ['/{locale}/discussions/urbanism', `/{locale}/discussions/urbanism?q=${encodeURIComponent('Қала')}`],
    roles: SIGNED_IN,
  },
  '[locale]/discussions/[course]/lessons/[lesson].astro': {
    urls: () => ['/{locale}/discussions/urbanism/lessons/wayfinding'],
    roles: SIGNED_IN,
  },
  '[locale]/discussions/[course]/reports.astro': {
    urls: () => ['/{locale}/discussions/urbanism/reports'],
    roles: ['trainer', 'admin'],
  },
  '[locale]/discussions/cohorts/[id].astro': {
    urls: (w) => [`/{locale}/discussions/cohorts/${w.cohortId}`],
    roles: ['trainer', 'admin'],
  },
  '[locale]/discussions/threads/[id].astro': {
    urls: () => [],
    roles: [],
    note: 'a thread with posts, answer, hidden post and every form: checked at 390 px in discussions.test.ts',
  },
  '[locale]/discussions/threads/[id]/move.astro': {
    urls: () => [],
    roles: [],
    note: 'a thread moved by its trainer: checked at 390 px (with axe) in discussions.test.ts',
  },
  '[locale]/admin/discussion-bans.astro': { urls: () => ['/{locale}/admin/discussion-bans'], roles: ['admin'] },
  '[locale]/discussions/unsubscribe.astro': {
    urls: () => ['/{locale}/discussions/unsubscribe?token=not.a.token'],
    roles: ['anonymous'],
    note: 'with a valid token in discussions.test.ts',
  },
  '[locale]/grants/index.astro': { urls: () => ['/{locale}/grants/'], roles: SIGNED_IN },
  '[locale]/admin/grants/index.astro': { urls: () => ['/{locale}/admin/grants/'], roles: ['admin'] },
  '[locale]/admin/grants/[id].astro': {
    urls: () => [],
    roles: [],
    note: 'a call in every state: checked at 390 px (with axe) in grants.test.ts',
  },
  '[locale]/grants/[call]/index.astro': { urls: () => [], roles: [], note: 'checked at 390 px in grants.test.ts' },
  '[locale]/grants/[call]/results.astro': {
    urls: () => [],
    roles: [],
    note: 'published results in kk, ru, en: checked at 390 px in grants.test.ts',
  },
  '[locale]/grants/[call]/jury/index.astro': { urls: () => [], roles: [], note: 'checked at 390 px in grants.test.ts' },
  '[locale]/grants/[call]/jury/[proposal].astro': {
    urls: () => [],
    roles: [],
    note: 'checked at 390 px in grants.test.ts',
  },
  '[locale]/admin/grants/[id]/proposals/[proposal].astro': {
    urls: () => [],
    roles: [],
    note: 'a proposal with its scores by juror after closing: checked at 390 px (with axe) in grants.test.ts',
  },
  '[locale]/grants/join.astro': {
    urls: () => [],
    roles: [],
    note: "a co-applicant's invitation link: checked at 390 px (with axe) in grants.test.ts",
  },
  '[locale]/grants/proposals/[id].astro': {
    urls: () => [],
    roles: [],
    note: 'a draft, a submitted proposal and its feedback: checked at 390 px in grants.test.ts',
  },
  '[locale]/join/[code].astro': { urls: (w) => [`/{locale}/join/${w.joinCode}`], roles: ROLES },
  'verify/[code].astro': { urls: (w) => [`/verify/${w.certificateCode}`], roles: ['anonymous'], locales: ['en'] },
  '[locale]/verify.astro': { urls: () => ['/{locale}/verify'], roles: ['anonymous'] },
};

const pageRoutes = listRouteFiles(join(root, 'src', 'pages')).filter((r) => r.file.endsWith('.astro'));
const cookies: Partial<Record<Role, string>> = {};
let world: World;
/** The trainer's id when this file assigned urbanism to them (and so takes it back). */
let assignedHere: string | undefined;
let browser: Browser;
const contexts: Partial<Record<Role, BrowserContext>> = {};

/** Makes a cohort with invitations and an application, and a learner who finished urbanism. */
async function makeWorld(): Promise<World> {
  for (const role of SIGNED_IN) cookies[role] = await signInCookie(accounts[role].email, accounts[role].password);
  // The admin assigns urbanism to the trainer unless trainer.test.ts already did; afterAll takes
  // back an assignment made here, so the files' order does not matter to trainer.test.ts.
  const adminPage = await (
    await get(`/en/admin/?q=${encodeURIComponent(accounts.trainer.email)}`, cookies.admin)
  ).text();
  const userId = /name="userId" value="([^"]+)"/.exec(adminPage)?.[1];
  if (!userId) throw new Error('the admin page does not list the trainer');
  if (adminPage.includes('<option value="urbanism"')) {
    await postForm('/en/admin/', { intent: 'assign', userId, course: 'urbanism' }, cookies.admin);
    assignedHere = userId;
  }
  const today = new Date().toISOString().slice(0, 10);
  const made = await postForm(
    '/en/trainer/',
    {
      name: 'Шымкент, көктем: қала құрылысы және тұрғындардың қатысуы',
      course: 'urbanism',
      applicationsOpenOn: today,
      applicationsCloseOn: '2099-12-31',
    },
    cookies.trainer,
  );
  const cohortId = /\/trainer\/cohorts\/([^/?#]+)/.exec(made.headers.get('location') ?? '')?.[1];
  if (!cohortId) throw new Error(`the trainer could not create a cohort: ${made.status}`);
  const cohortPath = `/en/trainer/cohorts/${cohortId}`;
  await postForm(
    cohortPath,
    {
      intent: 'import',
      csv: [
        'name;email;language',
        `Айгүл Нұрғалиқызы-Сейітжанова;aigul.nurgalikyzy-seitzhanova.${Date.now()}` +
          '@very-long-partner-domain.example.kz;kk',
        `Ерлан Сейітов;erlan-${Date.now()}@oqu.test;ru`,
        'Broken Row;not-an-email-address-at-all-but-a-very-long-word-indeed;ru',
      ].join('\n'),
    },
    cookies.trainer,
  );
  const cohortPage = await (await get(cohortPath, cookies.trainer)).text();
  const joinCode = /\/join\/([^<"\s/]+)/.exec(cohortPage)?.[1];
  if (!joinCode) throw new Error('the cohort page shows no join link');
  // The window's last day as a date in the page's language, not the stored 2099-12-31.
  if (!cohortPage.includes('Applications are open until December 31, 2099.'))
    throw new Error('the cohort page does not write the application window as a date');
  // The learner applies: the cohort page then shows Accept and Decline.
  await postForm(`/en/join/${joinCode}`, {}, cookies.learner);

  const urbanism = courseInfo('urbanism');
  // urbanism requires accepted work: written as a trainer's review leaves it, then the lessons and quizzes.
  await acceptAssignments(inject('databaseUrl'), { email: accounts.learner.email }, 'urbanism', urbanism.assignments);
  for (const lesson of urbanism.lessons) await postForm(donePath('urbanism', lesson), {}, cookies.learner);
  let attemptPath = '';
  for (const q of Object.values(urbanism.quizzes)) {
    const res = await postForm(quizPath('urbanism', q.lesson), passingForm(q.file, randomKey()), cookies.learner);
    attemptPath = res.headers.get('location') ?? attemptPath;
  }
  const account = await (await get('/en/account', cookies.learner)).text();
  const certificateCode = /\/verify\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(account)?.[1];
  if (!attemptPath || !certificateCode) throw new Error('the learner has no quiz attempt or certificate');
  return {
    cohortId,
    joinCode,
    attemptPath: new URL(attemptPath, baseURL).pathname + new URL(attemptPath, baseURL).search,
    certificateCode,
  };
}

beforeAll(async () => {
  world = await makeWorld();
  browser = await launchBrowser();
  for (const role of ROLES) {
    const context = await newContext(browser, { viewport: { width: WIDTH, height: 844 } });
    const cookie = cookies[role];
    if (cookie) {
      const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
      await context.addCookies([{ name, value, url: baseURL }]);
    }
    contexts[role] = context;
  }
});

afterAll(async () => {
  await browser?.close();
  if (assignedHere)
    await postForm('/en/admin/', { intent: 'unassign', userId: assignedHere, course: 'urbanism' }, cookies.admin);
});

/** The page's width and the outermost elements that reach past the viewport (not clipped by a scrolling ancestor). */
async function measure(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  return page.evaluate((width) => {
    const describe = (el: Element): string => {
      const id = el.id ? `#${el.id}` : '';
      const cls =
        typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id}${cls}> ${Math.round(el.getBoundingClientRect().width)}px "${text}"`;
    };
    // Inside a frame that scrolls or clips, an element does not widen the page, unless it is
    // positioned absolutely against something outside that frame (a visually hidden label in a
    // scrolling table does widen it).
    const clipped = (el: Element): boolean => {
      let absolute = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (absolute) {
          if (style.position === 'static') continue;
          absolute = ['absolute', 'fixed'].includes(style.position);
        }
        if (style.overflowX !== 'visible') return true;
      }
      return false;
    };
    const wide: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= width + 0.5 && r.left >= -0.5) continue;
      if (clipped(el)) continue;
      // Report the outermost offender only: its children are wide because it is.
      const parent = el.parentElement?.getBoundingClientRect();
      if (parent && (parent.right > width + 0.5 || parent.left < -0.5) && el.parentElement !== document.body) continue;
      // The skip link waits off-screen until it is focused.
      if (el.classList.contains('skip-link')) continue;
      wide.push(describe(el));
    }
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  }, WIDTH);
}

test('every page route of src/pages is in the phone-width table (a new page cannot be forgotten)', () => {
  expect(pageRoutes.length).toBeGreaterThan(10);
  expect(
    pageRoutes.filter((r) => !PAGES[r.file]).map((r) => r.file),
    'add the page to PAGES in tests/e2e/phone-width.test.ts',
  ).toEqual([]);
  const files = new Set(pageRoutes.map((r) => r.file));
  expect(Object.keys(PAGES).filter((f) => !files.has(f))).toEqual([]);
});

describe(`every page fits ${WIDTH} px`, () => {
  for (const route of pageRoutes) {
    const row = PAGES[route.file];
    if (!row) continue;
    for (const role of row.roles) {
      test(`${route.pattern} as ${role}`, async () => {
        const page = await contexts[role]!.newPage();
        const failures: string[] = [];
        // A style the Content Security Policy refuses is a page drawn without it (an inlined
        // component stylesheet, a style attribute): Chromium says so in the console.
        page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) failures.push(`${page.url()}: ${m.text().slice(0, 120)}`);
        });
        try {
          for (const template of row.urls(world)) {
            for (const locale of row.locales ?? ['en', 'kk']) {
              const url = template.replace('{locale}', locale);
              const res = await page.goto(`${baseURL}${url}`);
              const status = res?.status() ?? 0;
              if (status >= 500 || (status >= 300 && status < 400)) failures.push(`${url}: status ${status}`);
              if (role !== 'anonymous' && page.url().includes('/login')) failures.push(`${url}: sent to sign in`);
              const { scrollWidth, wide } = await measure(page);
              if (scrollWidth > WIDTH || wide.length)
                failures.push(`${url}: ${scrollWidth}px wide; ${wide.slice(0, 5).join('; ') || '(no single element)'}`);
            }
          }
        } finally {
          await page.close();
        }
        expect(failures).toEqual([]);
      });
    }
  }
});

test('on a phone the trainer reaches Accept and Decline of an application without scrolling sideways', async () => {
  const page = await contexts.trainer!.newPage();
  try {
    await page.goto(`${baseURL}/en/trainer/cohorts/${world.cohortId}`);
    for (const name of [/^Accept/, /^Decline/]) {
      const box = await page.getByRole('button', { name }).first().boundingBox();
      expect(box, `${String(name)} is on the page`).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `${String(name)} ends inside the ${WIDTH} px viewport`).toBeLessThanOrEqual(WIDTH);
    }
  } finally {
    await page.close();
  }
});
