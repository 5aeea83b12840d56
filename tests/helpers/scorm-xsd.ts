/**
 * Validates a SCORM manifest against the official schema files that the package carries (1.2:
 * IMS CP 1.1.2 with ADL's extensions; 2004 4th edition: IMS CP 1.1.4, ADL CP 1.3, IMS Simple
 * Sequencing), with libxml2's validating parser (xmllint compiled to WebAssembly: no system
 * package needed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { SCORM_SCHEMAS, type ScormVersion } from '#lib/exchange/scorm-manifest.ts';

const schemaDir = join(import.meta.dirname, '..', '..', 'src', 'lib', 'exchange', 'schemas');

/** For each version, one schema importing the namespaces of Oqu's manifests. */
const IMPORTS: Record<ScormVersion, [string, string][]> = {
  scorm12: [
    ['http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'imscp_rootv1p1p2.xsd'],
    ['http://www.adlnet.org/xsd/adlcp_rootv1p2', 'adlcp_rootv1p2.xsd'],
  ],
  scorm2004: [
    ['http://www.imsglobal.org/xsd/imscp_v1p1', 'imscp_v1p1.xsd'],
    ['http://www.adlnet.org/xsd/adlcp_v1p3', 'adlcp_v1p3.xsd'],
    ['http://www.imsglobal.org/xsd/imsss', 'imsss_v1p0.xsd'],
  ],
};

const entry = (version: ScormVersion) => `<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:oqu:${version}-validation">
${IMPORTS[version].map(([ns, file]) => `  <xsd:import namespace="${ns}" schemaLocation="${file}"/>`).join('\n')}
</xsd:schema>`;

/**
 * The `xml:` namespace (xml:lang) in place of the packages' own copy of it: SCORM 1.2's
 * ims_xml.xsd declares that namespace as its default, which libxml2 refuses to read (other
 * validators accept it), and 2004's xml.xsd names a DTD; both define these attributes. The IMS
 * metadata schema of 1.2 (imsmd) is not compiled: Oqu's manifests carry no LOM metadata, and
 * libxml2 finds its content models non-deterministic.
 */
export const XML_NAMESPACE = `<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xsd:attribute name="lang" type="xsd:language"/>
  <xsd:attribute name="base" type="xsd:anyURI"/>
  <xsd:attribute name="space"><xsd:simpleType><xsd:restriction base="xsd:NCName">
    <xsd:enumeration value="default"/><xsd:enumeration value="preserve"/>
  </xsd:restriction></xsd:simpleType></xsd:attribute>
</xsd:schema>`;

const compiled = (file: string) => file.endsWith('.xsd') && !/^(ims_xml|xml|imsmd_)/.test(file);

/** The validator's errors for `manifest` (empty when it is valid). */
export async function scormManifestErrors(manifest: string, version: ScormVersion = 'scorm12'): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'imsmanifest.xml', contents: manifest },
    schema: { fileName: 'entry.xsd', contents: entry(version) },
    preload: [
      ...SCORM_SCHEMAS[version]
        .filter(compiled)
        .map((fileName) => ({ fileName, contents: readFileSync(join(schemaDir, version, fileName)) })),
      { fileName: version === 'scorm12' ? 'ims_xml.xsd' : 'xml.xsd', contents: XML_NAMESPACE },
    ],
  });
  return result.valid ? [] : result.errors.map((e) => e.message);
}
