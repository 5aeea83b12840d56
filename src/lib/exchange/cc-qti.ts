/**
 * A quiz as a QTI 1.2 assessment of the IMS Common Cartridge 1.1 profile (one file per quiz, the
 * `imsqti_xmlv1p2/imscc_xmlv1p1/assessment` resource). Oqu's question kinds map to the
 * profile's: `single` to cc.multiple_choice, `multiple` to cc.multiple_response, `truefalse` to
 * cc.true_false (with the quiz's own two answers), `text` to cc.fib (each accepted answer, case
 * ignored). The profile has no ordering question, so `order` questions are left out and
 * reported; it has no pass mark either (the receiving LMS sets its own), and its attempts are 1
 * to 5 or unlimited.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { pickLocalized, type Localized } from '#lib/i18n/pick-text.ts';
import type { Question, Quiz } from '#lib/courses/schema.ts';
import { xmlId } from './scorm-manifest.ts';

/** A question the profile cannot carry, and why. */
export interface SkippedQuestion {
  question: string;
  type: Question['type'];
}

export interface CcAssessment {
  xml: string;
  /** Questions written into the assessment. */
  questions: number;
  skipped: SkippedQuestion[];
  /** Set when the quiz allows more attempts than the profile can say (1-5 or unlimited). */
  attemptsNotCarried?: number;
}

const PROFILE: Partial<Record<Question['type'], string>> = {
  single: 'cc.multiple_choice.v0p1',
  multiple: 'cc.multiple_response.v0p1',
  truefalse: 'cc.true_false.v0p1',
  text: 'cc.fib.v0p1',
};

export const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const field = (label: string, entry: string) =>
  `<qtimetadatafield><fieldlabel>${label}</fieldlabel><fieldentry>${xml(entry)}</fieldentry></qtimetadatafield>`;

const text = (value: Localized<string> | undefined, locale: Locale) =>
  pickLocalized(value, locale, [locale])?.value ?? '';

const mattext = (s: string) => `<material><mattext texttype="text/plain">${xml(s)}</mattext></material>`;

function presentation(q: Question, locale: Locale, shuffle: boolean): string {
  const prompt = mattext(text(q.prompt, locale));
  if (q.type === 'text')
    return (
      `<presentation>${prompt}<response_str ident="response1" rcardinality="Single">` +
      `<render_fib/></response_str></presentation>`
    );
  const labels = (q.choices ?? [])
    .map((c) => `<response_label ident="${xmlId(c.id)}">${mattext(text(c.text, locale))}</response_label>`)
    .join('');
  const cardinality = q.type === 'multiple' ? 'Multiple' : 'Single';
  return (
    `<presentation>${prompt}<response_lid ident="response1" rcardinality="${cardinality}">` +
    `<render_choice shuffle="${shuffle ? 'Yes' : 'No'}">${labels}</render_choice></response_lid></presentation>`
  );
}

/** The conditions under which the answer is right (one respcondition each), full marks for each. */
function rightAnswers(q: Question, locale: Locale): string[] {
  const equal = (value: string) => `<varequal respident="response1" case="No">${xml(value)}</varequal>`;
  if (q.type === 'text') {
    const accepted = pickLocalized(q.accept, locale, [locale])?.value ?? [];
    return accepted.map(equal);
  }
  const choices = q.choices ?? [];
  if (q.type === 'multiple') {
    const parts = choices.map((c) => (c.correct ? equal(xmlId(c.id)) : `<not>${equal(xmlId(c.id))}</not>`));
    return [`<and>${parts.join('')}</and>`];
  }
  return choices.filter((c) => c.correct).map((c) => equal(xmlId(c.id)));
}

function item(q: Question, locale: Locale, shuffle: boolean): string {
  const feedback = q.feedback ? text(q.feedback, locale) : '';
  const conditions = rightAnswers(q, locale).map(
    (condition) =>
      `<respcondition continue="No"><conditionvar>${condition}</conditionvar>` +
      `<setvar varname="SCORE" action="Set">100</setvar></respcondition>`,
  );
  const showFeedback = feedback
    ? `<respcondition continue="Yes"><conditionvar><other/></conditionvar>` +
      `<displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>`
    : '';
  const metadata = field('cc_profile', PROFILE[q.type] ?? '') + field('cc_weighting', '1');
  const outcomes = '<outcomes><decvar varname="SCORE" vartype="Decimal" minvalue="0" maxvalue="100"/></outcomes>';
  const itemFeedback = feedback
    ? `\n<itemfeedback ident="general_fb"><flow_mat>${mattext(feedback)}</flow_mat></itemfeedback>`
    : '';
  return `<item ident="${xmlId(q.id)}" title="${xml(q.id)}">
<itemmetadata><qtimetadata>${metadata}</qtimetadata></itemmetadata>
${presentation(q, locale, shuffle)}
<resprocessing>${outcomes}${showFeedback}${conditions.join('')}</resprocessing>${itemFeedback}
</item>`;
}

/** The profile's attempts: 1 to 5, or unlimited. */
function attempts(maxAttempts: number | undefined): { entry: string; notCarried?: number } {
  if (maxAttempts === undefined) return { entry: 'unlimited' };
  if (maxAttempts <= 5) return { entry: String(maxAttempts) };
  return { entry: 'unlimited', notCarried: maxAttempts };
}

/** The QTI file of quiz `id` in `locale`. */
export function ccAssessment(id: string, quiz: Quiz, locale: Locale): CcAssessment {
  const carried = quiz.questions.filter((q) => PROFILE[q.type]);
  const skipped = quiz.questions.filter((q) => !PROFILE[q.type]).map((q) => ({ question: q.id, type: q.type }));
  const tries = attempts(quiz.maxAttempts);
  const metadata = [
    field('cc_profile', 'cc.exam.v0p1'),
    field('qmd_assessmenttype', 'Examination'),
    field('qmd_scoretype', 'Percentage'),
    field('cc_maxattempts', tries.entry),
  ].join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/ims_qtiasiv1p2
    http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd">
<assessment ident="${xmlId(`quiz-${id}`)}" title="${xml(text(quiz.title, locale))}" xml:lang="${locale}">
<qtimetadata>${metadata}</qtimetadata>
<section ident="root_section">
${carried.map((q) => item(q, locale, quiz.shuffle)).join('\n')}
</section>
</assessment>
</questestinterop>
`;
  return {
    xml: body,
    questions: carried.length,
    skipped,
    ...(tries.notCarried ? { attemptsNotCarried: tries.notCarried } : {}),
  };
}
