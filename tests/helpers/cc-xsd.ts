/**
 * Validates the files of a Common Cartridge 1.1 against the official IMS schema files
 * (src/lib/exchange/schemas/cc11/: the CC profile of IMS CP 1.2 with its LOM and authorisation
 * parts, the CC profile of QTI 1.2.1, web links), with libxml2's validating parser
 * (xmllint-wasm). As for SCORM (scorm-xsd.ts), the `xml:` namespace comes from an equivalent
 * schema rather than a copy that names a DTD.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { CC_SCHEMAS } from '#lib/exchange/cc-package.server.ts';
import { XML_NAMESPACE } from './scorm-xsd.ts';

const schemaDir = join(import.meta.dirname, '..', '..', 'src', 'lib', 'exchange', 'schemas', 'cc11');

const ENTRY: Record<'manifest' | 'qti' | 'weblink', string> = {
  manifest: 'ccv1p1_imscp_v1p2_v1p0.xsd',
  qti: 'ccv1p1_qtiasiv1p2p1_v1p0.xsd',
  weblink: 'ccv1p1_imswl_v1p1.xsd',
};

/** The validator's errors for a file of `kind` (empty when it is valid). */
export async function ccErrors(kind: keyof typeof ENTRY, contents: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: `${kind}.xml`, contents },
    schema: { fileName: ENTRY[kind], contents: readFileSync(join(schemaDir, ENTRY[kind])) },
    preload: [
      ...CC_SCHEMAS.filter((f) => f !== ENTRY[kind]).map((fileName) => ({
        fileName,
        contents: readFileSync(join(schemaDir, fileName)),
      })),
      { fileName: 'xml.xsd', contents: XML_NAMESPACE },
    ],
  });
  return result.valid ? [] : result.errors.map((e) => e.message);
}
