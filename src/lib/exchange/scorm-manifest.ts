/**
 * The imsmanifest.xml of a SCORM package (1.2, or 2004 4th edition): one organisation, one item
 * and one SCO per lesson (so the receiving LMS tracks each lesson), the shared files as one
 * asset resource, and the schema files beside the manifest, as SCORM packages customarily carry
 * them. In 2004, the course's completion rule becomes the items' rollup controls: only the
 * lessons and quizzes the rule requires count towards the course's status (decision 043).
 */

import { passMark } from './scorm-score.ts';

export const SCORM_VERSIONS = ['scorm12', 'scorm2004'] as const;
export type ScormVersion = (typeof SCORM_VERSIONS)[number];

export interface ScormItem {
  /** Unique within the package (letters, digits, `-`, `_`, `.`). */
  id: string;
  title: string;
  /** The SCO's launch page, relative to the package root. */
  href: string;
  /** Files the page alone uses (its images and handouts). */
  files: string[];
  /** Pass mark 0..100 of the lesson's quiz, when it has one. */
  masteryScore?: number;
  /** How the item counts towards the course's status (SCORM 2004); by default, both as far as it can. */
  rollup?: ItemRollup;
}

/** Whether a lesson's SCO counts towards the course's completion, and its quiz towards the course's success. */
export interface ItemRollup {
  completion: boolean;
  success: boolean;
}

/** The parts of a course's completion rule (course.yaml) a SCORM package can carry. */
export interface PackageCompletionRule {
  lessons: 'all' | readonly string[];
  quizzes: 'all' | readonly string[];
}

const selects = (selection: 'all' | readonly string[], id: string) => selection === 'all' || selection.includes(id);

/**
 * How a lesson (and its quiz) counts under the course's rule: towards completion when the rule
 * requires the lesson, towards success when it requires the lesson's quiz. So the LMS rolls up
 * "completed" exactly when the required lessons are, and "passed" when the required quizzes are.
 */
export function itemRollup(rule: PackageCompletionRule, lesson: string, quiz: string | undefined): ItemRollup {
  return { completion: selects(rule.lessons, lesson), success: quiz !== undefined && selects(rule.quizzes, quiz) };
}

export interface ScormManifest {
  identifier: string;
  title: string;
  /** Files every page uses (styles, the runtime). */
  shared: string[];
  items: ScormItem[];
}

/** The schema files a SCORM package carries beside its manifest (src/lib/exchange/schemas/<version>/). */
export const SCORM_SCHEMAS: Record<ScormVersion, string[]> = {
  scorm12: ['imscp_rootv1p1p2.xsd', 'imsmd_rootv1p2p1.xsd', 'adlcp_rootv1p2.xsd', 'ims_xml.xsd'],
  scorm2004: [
    'imscp_v1p1.xsd',
    'adlcp_v1p3.xsd',
    'adlseq_v1p3.xsd',
    'adlnav_v1p3.xsd',
    'imsss_v1p0.xsd',
    ...['auxresource', 'control', 'delivery', 'limit', 'objective', 'random', 'rollup', 'seqrule', 'util'].map(
      (part) => `imsss_v1p0${part}.xsd`,
    ),
    'xml.xsd',
    'XMLSchema.dtd',
    'datatypes.dtd',
  ],
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An identifier the XML schema accepts (xs:ID): a letter first, then letters, digits, `-_.`. */
export function xmlId(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** A title within the schema's 200 characters (cut at a word, with an ellipsis). */
export function manifestTitle(title: string): string {
  if (title.length <= 200) return title;
  const cut = title.slice(0, 199);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 150))}…`;
}

const file = (href: string) => `      <file href="${xml(href)}"/>`;

/** What differs between the two versions' manifests; the rest is one template (manifestXml). */
interface Dialect {
  /** The manifest element's namespace and schema attributes. */
  namespaces: string;
  schemaVersion: string;
  /** ADL's attribute naming a resource's kind (`scormtype` in 1.2, `scormType` in 2004). */
  kind: string;
  itemAttributes: string;
  /** What an item adds after its title: its pass mark, in 2004 also how it counts towards the course. */
  itemSequencing: (item: ScormItem) => string;
}

const SCORM12: Dialect = {
  namespaces: `xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
    http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
    http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"`,
  schemaVersion: '1.2',
  kind: 'adlcp:scormtype',
  itemAttributes: ' isvisible="true"',
  // 1.2 has no rollup: the LMS decides the course's status by its own rules.
  itemSequencing: ({ masteryScore }) =>
    masteryScore === undefined
      ? ''
      : `
        <adlcp:masteryscore>${passMark(masteryScore)}</adlcp:masteryscore>`,
};

/**
 * SCORM 2004 sequencing of an item: the rollup controls that leave it out of the course's
 * completion or success (the defaults count it in both), and a quiz's pass mark as the item's
 * primary objective, satisfied by the measure. A lesson without a quiz reports no success, so
 * it never counts towards the course's; nor does its score weigh in the course's. A quiz's
 * lesson says itself when it is completed and passed (`...SetByContent`): otherwise the LMS
 * would take a lesson left without answering its quiz as completed and passed.
 */
function sequencing2004(item: ScormItem): string {
  const quiz = item.masteryScore !== undefined;
  const rollup = item.rollup ?? { completion: true, success: quiz };
  const success = rollup.success && quiz;
  const measure = quiz ? (passMark(item.masteryScore!) / 100).toFixed(4) : '';
  const controls = [
    success ? '' : ' rollupObjectiveSatisfied="false"',
    rollup.completion ? '' : ' rollupProgressCompletion="false"',
    success ? '' : ' objectiveMeasureWeight="0"',
  ].join('');
  const parts = [
    controls ? `\n          <imsss:rollupRules${controls}/>` : '',
    quiz
      ? `
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="pass-mark" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${measure}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>`
      : '',
  ].join('');
  return parts
    ? `
        <imsss:sequencing>${parts}
        </imsss:sequencing>`
    : '';
}

/** SCORM 2004: the items' sequencing says how each counts towards the course (sequencing2004). */
const SCORM2004: Dialect = {
  namespaces: `xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd
    http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd
    http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"`,
  schemaVersion: '2004 4th Edition',
  kind: 'adlcp:scormType',
  itemAttributes: '',
  itemSequencing: sequencing2004,
};

function manifestXml(m: ScormManifest, d: Dialect): string {
  const items = m.items.map(
    (i) => `      <item identifier="item-${xmlId(i.id)}" identifierref="sco-${xmlId(i.id)}"${d.itemAttributes}>
        <title>${xml(manifestTitle(i.title))}</title>${d.itemSequencing(i)}
      </item>`,
  );
  const scos = m.items.map(
    (i) => `    <resource identifier="sco-${xmlId(i.id)}" type="webcontent" ${d.kind}="sco" href="${xml(i.href)}">
${[i.href, ...i.files].map(file).join('\n')}
      <dependency identifierref="shared"/>
    </resource>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${xmlId(m.identifier)}" version="1.0"
  ${d.namespaces}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>${d.schemaVersion}</schemaversion>
  </metadata>
  <organizations default="course">
    <organization identifier="course">
      <title>${xml(manifestTitle(m.title))}</title>
${items.join('\n')}
    </organization>
  </organizations>
  <resources>
${scos.join('\n')}
    <resource identifier="shared" type="webcontent" ${d.kind}="asset">
${m.shared.map(file).join('\n')}
    </resource>
  </resources>
</manifest>
`;
}

/** The SCORM 1.2 manifest's XML. */
export function scorm12Manifest(m: ScormManifest): string {
  return manifestXml(m, SCORM12);
}

/** The SCORM 2004 4th edition manifest's XML. */
export function scorm2004Manifest(m: ScormManifest): string {
  return manifestXml(m, SCORM2004);
}

/** The manifest of `version`. */
export function scormManifest(version: ScormVersion, m: ScormManifest): string {
  return version === 'scorm12' ? scorm12Manifest(m) : scorm2004Manifest(m);
}
