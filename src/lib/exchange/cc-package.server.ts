/**
 * A course as an IMS Common Cartridge 1.1 (`.imscc`, a zip) for Moodle, Canvas and other LMSs,
 * made from the built site: each lesson page as Oqu rendered it (the SCORM export's page
 * transform, without the quiz and its runtime: the LMS runs the quiz), each quiz as a QTI
 * assessment (cc-qti.ts), each link of a lesson's further reading as a web link, organised by
 * module (cc-manifest.ts). Run after `npm run build`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findAll, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickLocalized } from '#lib/i18n/pick-text.ts';
import { pageStyles, readBuiltCourse, readLessonAssets, zipBytes, type BuiltCourse } from './built-course.server.ts';
import { ccManifest, ccWebLink, type CcEntry, type CcModule } from './cc-manifest.ts';
import { ccAssessment, type SkippedQuestion } from './cc-qti.ts';
import { asciiPath } from './package-paths.ts';
import { scormLessonPage } from './scorm-page.ts';

/** The official schema files of Common Cartridge 1.1 (src/lib/exchange/schemas/cc11/), for validation. */
export const CC_SCHEMAS = [
  'ccv1p1_imscp_v1p2_v1p0.xsd',
  'ccv1p1_imsccauth_v1p1.xsd',
  'ccv1p1_lommanifest_v1p0.xsd',
  'ccv1p1_lomresource_v1p0.xsd',
  'ccv1p1_qtiasiv1p2p1_v1p0.xsd',
  'ccv1p1_imswl_v1p1.xsd',
];

export interface CcExport {
  bytes: Buffer;
  lessons: number;
  quizzes: number;
  links: number;
  /** Questions Common Cartridge 1.1 cannot carry, per quiz. */
  skipped: { quiz: string; questions: SkippedQuestion[] }[];
  /** Quizzes whose attempt limit (above 5) became "unlimited". */
  attemptsNotCarried: { quiz: string; maxAttempts: number }[];
}

/** The web links of a built lesson's further reading (`section.box--reading`). */
export function furtherReadingLinks(html: string): { title: string; url: string }[] {
  const doc = parseDocument(html);
  const boxes = findAll((e) => /\bbox--reading\b/.test(e.attribs.class ?? ''), doc.children);
  return boxes.flatMap((box) =>
    findAll((e) => e.name === 'a' && /^https?:\/\//.test(e.attribs.href ?? ''), [box]).map((a) => ({
      url: a.attribs.href!,
      title: textContent(a).replace(/\s+/g, ' ').trim() || a.attribs.href!,
    })),
  );
}

const text = (value: Parameters<typeof pickLocalized<string>>[0], locale: Locale) =>
  pickLocalized(value, locale, [locale])?.value ?? '';

interface Collected {
  files: Map<string, Buffer | string>;
  modules: Map<string, CcEntry[]>;
  styles: Set<string>;
  result: Omit<CcExport, 'bytes'>;
}

/** The lesson's quiz as a QTI assessment after the lesson, when the profile can carry any of its questions. */
function addQuiz(course: BuiltCourse, quizId: string, locale: Locale, entries: CcEntry[], into: Collected): void {
  const quiz = course.quizzes[quizId];
  if (!quiz) return;
  const qti = ccAssessment(quizId, quiz, locale);
  if (qti.skipped.length) into.result.skipped.push({ quiz: quizId, questions: qti.skipped });
  if (qti.attemptsNotCarried)
    into.result.attemptsNotCarried.push({ quiz: quizId, maxAttempts: qti.attemptsNotCarried });
  if (qti.questions === 0) return;
  const file = `quizzes/${asciiPath(quizId)}/assessment.xml`;
  into.files.set(file, qti.xml);
  entries.push({ kind: 'quiz', id: quizId, title: text(quiz.title, locale), file });
  into.result.quizzes++;
}

function addLesson(course: BuiltCourse, lesson: string, locale: Locale, baseUrl: string, into: Collected): void {
  const html = course.html(lesson);
  for (const style of pageStyles(html)) into.styles.add(style);
  const page = scormLessonPage({
    html,
    locale,
    baseUrl,
    lessonPrefix: course.lessonPrefix,
    lessonFiles: course.lessonFiles,
    texts: {},
    runtime: false,
  });
  const assets = readLessonAssets(course, lesson, page.assets);
  for (const [file, bytes] of assets) into.files.set(file, bytes);
  const href = `lessons/${course.lessonFiles.get(lesson)}`;
  into.files.set(href, page.html);
  const entries = into.modules.get(course.moduleOf.get(lesson) ?? '') ?? [];
  entries.push({ kind: 'lesson', id: lesson, title: page.title, href, files: [...assets.keys()] });
  into.result.lessons++;
  if (page.quizId) addQuiz(course, page.quizId, locale, entries, into);
  furtherReadingLinks(html).forEach((link, i) => {
    const id = `${lesson}-${i + 1}`;
    const file = `links/${asciiPath(id)}.xml`;
    into.files.set(file, ccWebLink(link.title, link.url));
    entries.push({ kind: 'link', id, title: link.title, file });
    into.result.links++;
  });
  into.modules.set(course.moduleOf.get(lesson) ?? '', entries);
}

/** The Common Cartridge of `slug` in `locale`; throws ExportError with a message to act on. */
export async function exportCommonCartridge(
  projectRoot: string,
  slug: string,
  locale: Locale,
  options: { baseUrl: string; site: string },
): Promise<CcExport> {
  const course = readBuiltCourse(projectRoot, slug, locale);
  const into: Collected = {
    files: new Map(),
    modules: new Map(),
    styles: new Set(),
    result: { lessons: 0, quizzes: 0, links: 0, skipped: [], attemptsNotCarried: [] },
  };
  for (const lesson of course.lessons) addLesson(course, lesson, locale, options.baseUrl, into);
  into.files.set('oqu/oqu.css', [...into.styles].map((s) => readFileSync(join(course.client, s), 'utf8')).join('\n'));
  const modules: CcModule[] = course.data.modules.map((m) => ({
    id: m.folder,
    title: text(m.title, locale),
    entries: into.modules.get(m.folder) ?? [],
  }));
  const courseUrl = new URL(course.lessonPrefix, options.baseUrl).href;
  const authors = course.data.authors.map((a) => (a.organisation ? `${a.name} (${a.organisation})` : a.name));
  const manifest = ccManifest({
    identifier: `oqu-${slug}-${locale}`,
    title: text(course.data.title, locale) || slug,
    language: locale,
    description: text(course.data.summary, locale),
    rights: `${course.data.license}. ${authors.join(', ')}. ${options.site}, ${courseUrl}`,
    shared: ['oqu/oqu.css'],
    modules,
  });
  const files = new Map([['imsmanifest.xml', manifest] as [string, string], ...into.files]);
  return { bytes: await zipBytes(files), ...into.result };
}
