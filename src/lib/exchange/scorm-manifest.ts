/**
 * The imsmanifest.xml of a SCORM package (1.2, or 2004 4th edition): one organisation, one item
 * and one SCO per lesson (so the receiving LMS tracks each lesson), the shared files as one
 * asset resource, and the schema files beside the manifest, as SCORM packages customarily carry
 * them.
 */

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
  /** What an item with a pass mark adds after its title. */
  passMark: (percent: number) => string;
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
  passMark: (percent) => `
        <adlcp:masteryscore>${Math.round(percent)}</adlcp:masteryscore>`,
};

/** SCORM 2004: a quiz's pass mark is the item's primary objective, satisfied by the measure. */
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
  passMark: (percent) => `
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="pass-mark" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${(percent / 100).toFixed(2)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>`,
};

function manifestXml(m: ScormManifest, d: Dialect): string {
  const items = m.items.map(
    (i) => `      <item identifier="item-${xmlId(i.id)}" identifierref="sco-${xmlId(i.id)}"${d.itemAttributes}>
        <title>${xml(manifestTitle(i.title))}</title>${i.masteryScore === undefined ? '' : d.passMark(i.masteryScore)}
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
