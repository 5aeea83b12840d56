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

/** The manifest's XML. */
export function scorm12Manifest(m: ScormManifest): string {
  const items = m.items.map(
    (i) => `      <item identifier="item-${xmlId(i.id)}" identifierref="sco-${xmlId(i.id)}" isvisible="true">
        <title>${xml(manifestTitle(i.title))}</title>${
          i.masteryScore === undefined
            ? ''
            : `\n        <adlcp:masteryscore>${Math.round(i.masteryScore)}</adlcp:masteryscore>`
        }
      </item>`,
  );
  const scos = m.items.map(
    (i) => `    <resource identifier="sco-${xmlId(i.id)}" type="webcontent" adlcp:scormtype="sco" href="${xml(i.href)}">
${[i.href, ...i.files].map(file).join('\n')}
      <dependency identifierref="shared"/>
    </resource>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${xmlId(m.identifier)}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
    http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
    http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="course">
    <organization identifier="course">
      <title>${xml(manifestTitle(m.title))}</title>
${items.join('\n')}
    </organization>
  </organizations>
  <resources>
${scos.join('\n')}
    <resource identifier="shared" type="webcontent" adlcp:scormtype="asset">
${m.shared.map(file).join('\n')}
    </resource>
  </resources>
</manifest>
`;
}

/**
 * The manifest's XML for SCORM 2004 4th edition. A quiz's pass mark becomes the item's primary
 * objective, satisfied by the measure (the scaled score) reaching it.
 */
export function scorm2004Manifest(m: ScormManifest): string {
  const items = m.items.map(
    (i) => `      <item identifier="item-${xmlId(i.id)}" identifierref="sco-${xmlId(i.id)}">
        <title>${xml(manifestTitle(i.title))}</title>${
          i.masteryScore === undefined
            ? ''
            : `
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="pass-mark" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${(i.masteryScore / 100).toFixed(2)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>`
        }
      </item>`,
  );
  const scos = m.items.map(
    (i) => `    <resource identifier="sco-${xmlId(i.id)}" type="webcontent" adlcp:scormType="sco" href="${xml(i.href)}">
${[i.href, ...i.files].map(file).join('\n')}
      <dependency identifierref="shared"/>
    </resource>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${xmlId(m.identifier)}" version="1.0"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd
    http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd
    http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="course">
    <organization identifier="course">
      <title>${xml(manifestTitle(m.title))}</title>
${items.join('\n')}
    </organization>
  </organizations>
  <resources>
${scos.join('\n')}
    <resource identifier="shared" type="webcontent" adlcp:scormType="asset">
${m.shared.map(file).join('\n')}
    </resource>
  </resources>
</manifest>
`;
}

/** The manifest of `version`. */
export function scormManifest(version: ScormVersion, m: ScormManifest): string {
  return version === 'scorm12' ? scorm12Manifest(m) : scorm2004Manifest(m);
}
