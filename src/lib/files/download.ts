/**
 * What a stored file may be and how it is offered back: the kinds Oqu accepts (decided from the
 * content, never the name), their types, and the headers of every download (always an
 * attachment, never sniffed, never run). Used by assignment submissions and grant proposals.
 */
import { downloadName } from './file-name.ts';

/** Types for the kinds a stored file may have; none of them is a page or a script. */
export const SAFE_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
} as const satisfies Record<string, string>;

export type FileKind = keyof typeof SAFE_TYPES;
export const FILE_KINDS = Object.keys(SAFE_TYPES) as FileKind[];

/** The headers of a stored file's download. */
export function fileDownloadHeaders(file: { name: string; kind: string; size: number }): Record<string, string> {
  const name = downloadName(file.name, file.kind);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return {
    'Content-Type': (SAFE_TYPES as Record<string, string>)[file.kind] ?? 'application/octet-stream',
    'Content-Length': String(file.size),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
