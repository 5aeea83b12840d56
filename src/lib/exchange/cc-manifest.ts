/**
 * The imsmanifest.xml of an IMS Common Cartridge 1.1 (the version Moodle and Canvas both
 * import): one organisation whose items are the course's modules, each holding its lessons
 * (web content), each lesson's quiz (a QTI assessment, cc-qti.ts) and its further reading (web
 * links). The course's title, language, summary and licence (with its authors and first host,
 * as CC BY-SA asks) go in the manifest's LOM metadata.
 */
import { xml } from './cc-qti.ts';
import { manifestTitle, xmlId } from './scorm-manifest.ts';

export const CC_TYPES = {
  webcontent: 'webcontent',
  assessment: 'imsqti_xmlv1p2/imscc_xmlv1p1/assessment',
  weblink: 'imswl_xmlv1p1',
} as const;

/** One entry of a module, in reading order. */
export type CcEntry =
  | { kind: 'lesson'; id: string; title: string; href: string; files: string[] }
  | { kind: 'quiz'; id: string; title: string; file: string }
  | { kind: 'link'; id: string; title: string; file: string };

export interface CcModule {
  id: string;
  title: string;
  entries: CcEntry[];
}

export interface CcManifest {
  identifier: string;
  title: string;
  language: string;
  description: string;
  /** Licence, authors and origin, as one sentence for the LOM rights description. */
  rights: string;
  /** Files every lesson page uses (the stylesheet). */
  shared: string[];
  modules: CcModule[];
}

const resourceId = (e: CcEntry) => xmlId(`${e.kind}-${e.id}`);
const file = (href: string) => `      <file href="${xml(href)}"/>`;
const langString = (language: string, s: string) =>
  `<lomimscc:string language="${xml(language)}">${xml(s)}</lomimscc:string>`;

function resource(e: CcEntry): string {
  if (e.kind === 'lesson')
    return `    <resource identifier="${resourceId(e)}" type="${CC_TYPES.webcontent}" href="${xml(e.href)}">
${[e.href, ...e.files].map(file).join('\n')}
      <dependency identifierref="shared"/>
    </resource>`;
  const type = e.kind === 'quiz' ? CC_TYPES.assessment : CC_TYPES.weblink;
  return `    <resource identifier="${resourceId(e)}" type="${type}">
${file(e.file)}
    </resource>`;
}

function organisation(m: CcManifest): string {
  const modules = m.modules.map((mod) => {
    const entries = mod.entries.map(
      (e) => `          <item identifier="item-${resourceId(e)}" identifierref="${resourceId(e)}">
            <title>${xml(manifestTitle(e.title))}</title>
          </item>`,
    );
    return `        <item identifier="${xmlId(`module-${mod.id}`)}">
          <title>${xml(manifestTitle(mod.title))}</title>
${entries.join('\n')}
        </item>`;
  });
  return `    <organization identifier="course" structure="rooted-hierarchy">
      <item identifier="root">
${modules.join('\n')}
      </item>
    </organization>`;
}

/** The Common Cartridge 1.1 manifest's XML. */
export function ccManifest(m: CcManifest): string {
  const entries = m.modules.flatMap((mod) => mod.entries);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${xmlId(m.identifier)}"
  xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
  xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd
    http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.1.0</schemaversion>
    <lomimscc:lom>
      <lomimscc:general>
        <lomimscc:title>${langString(m.language, m.title)}</lomimscc:title>
        <lomimscc:language>${xml(m.language)}</lomimscc:language>
        <lomimscc:description>${langString(m.language, m.description)}</lomimscc:description>
      </lomimscc:general>
      <lomimscc:rights>
        <lomimscc:copyrightAndOtherRestrictions>
          <lomimscc:value>yes</lomimscc:value>
        </lomimscc:copyrightAndOtherRestrictions>
        <lomimscc:description>${langString(m.language, m.rights)}</lomimscc:description>
      </lomimscc:rights>
    </lomimscc:lom>
  </metadata>
  <organizations>
${organisation(m)}
  </organizations>
  <resources>
${entries.map(resource).join('\n')}
    <resource identifier="shared" type="${CC_TYPES.webcontent}">
${m.shared.map(file).join('\n')}
    </resource>
  </resources>
</manifest>
`;
}

/** A web link (imswl) file: further reading that stays on the web. */
export function ccWebLink(title: string, url: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1 http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imswl_v1p1.xsd">
  <title>${xml(title)}</title>
  <url href="${xml(url)}" target="_blank"/>
</webLink>
`;
}
