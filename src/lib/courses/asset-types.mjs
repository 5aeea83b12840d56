// The kinds of file a course may carry in its assets/ folder, by file extension: the one table
// that both the content check (asset-kinds.ts, which also reads each file's first bytes) and the
// server's response headers (src/cli/server/path-headers.mjs, plain JavaScript because the
// server does not load TypeScript) read. Anything not listed here is refused at validate and
// import, and served as an inert download if it ever reaches the build.

/**
 * @typedef {'image' | 'svg' | 'audio' | 'video' | 'document' | 'text'} AssetKind
 * @typedef {object} AssetType
 * @property {AssetKind} kind
 * @property {string} mime  the Content-Type it is served with
 * @property {string[]} detected  what `file-type` must find in the content (empty for text kinds, checked as UTF-8
 *   text)
 * @property {boolean} inline  shown in the browser (raster images, audio, video); everything else is a download
 */

/** @type {Readonly<Record<string, AssetType>>} */
export const ASSET_TYPES = Object.freeze({
  png: { kind: 'image', mime: 'image/png', detected: ['png', 'apng'], inline: true },
  jpg: { kind: 'image', mime: 'image/jpeg', detected: ['jpg'], inline: true },
  jpeg: { kind: 'image', mime: 'image/jpeg', detected: ['jpg'], inline: true },
  gif: { kind: 'image', mime: 'image/gif', detected: ['gif'], inline: true },
  webp: { kind: 'image', mime: 'image/webp', detected: ['webp'], inline: true },
  avif: { kind: 'image', mime: 'image/avif', detected: ['avif'], inline: true },
  // SVG can hold script: accepted from this host's own authors only, and even then served as a
  // sandboxed download (an <img> still shows it; opened on its own it can run nothing).
  svg: { kind: 'svg', mime: 'image/svg+xml', detected: [], inline: false },
  pdf: { kind: 'document', mime: 'application/pdf', detected: ['pdf'], inline: false },
  docx: {
    kind: 'document',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    detected: ['docx'],
    inline: false,
  },
  xlsx: {
    kind: 'document',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    detected: ['xlsx'],
    inline: false,
  },
  pptx: {
    kind: 'document',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    detected: ['pptx'],
    inline: false,
  },
  odt: { kind: 'document', mime: 'application/vnd.oasis.opendocument.text', detected: ['odt'], inline: false },
  ods: { kind: 'document', mime: 'application/vnd.oasis.opendocument.spreadsheet', detected: ['ods'], inline: false },
  odp: { kind: 'document', mime: 'application/vnd.oasis.opendocument.presentation', detected: ['odp'], inline: false },
  doc: { kind: 'document', mime: 'application/msword', detected: ['cfb'], inline: false },
  xls: { kind: 'document', mime: 'application/vnd.ms-excel', detected: ['cfb'], inline: false },
  ppt: { kind: 'document', mime: 'application/vnd.ms-powerpoint', detected: ['cfb'], inline: false },
  csv: { kind: 'text', mime: 'text/csv; charset=utf-8', detected: [], inline: false },
  txt: { kind: 'text', mime: 'text/plain; charset=utf-8', detected: [], inline: false },
  md: { kind: 'text', mime: 'text/markdown; charset=utf-8', detected: [], inline: false },
  mp3: { kind: 'audio', mime: 'audio/mpeg', detected: ['mp3'], inline: true },
  m4a: { kind: 'audio', mime: 'audio/mp4', detected: ['m4a', 'mp4'], inline: true },
  ogg: { kind: 'audio', mime: 'audio/ogg', detected: ['ogg', 'oga', 'opus'], inline: true },
  oga: { kind: 'audio', mime: 'audio/ogg', detected: ['ogg', 'oga', 'opus'], inline: true },
  wav: { kind: 'audio', mime: 'audio/wav', detected: ['wav'], inline: true },
  flac: { kind: 'audio', mime: 'audio/flac', detected: ['flac'], inline: true },
  mp4: { kind: 'video', mime: 'video/mp4', detected: ['mp4', 'm4v', 'mov'], inline: true },
  webm: { kind: 'video', mime: 'video/webm', detected: ['webm'], inline: true },
});

/**
 * The type a file name's extension stands for, or undefined when the extension is not allowed.
 * @param {string} name
 * @returns {AssetType | undefined}
 */
export function assetTypeOf(name) {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = name.slice(dot + 1).toLowerCase();
  return Object.hasOwn(ASSET_TYPES, ext) ? ASSET_TYPES[ext] : undefined;
}

/**
 * A policy under which a course asset opened on its own can run nothing and load nothing: no
 * script, no form, no plug-in, its own origin withdrawn (sandbox). Images, audio and video
 * still display; an SVG keeps its inline styles.
 */
export const ASSET_CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; " +
  'sandbox';

/**
 * The response headers of a course asset: its real type, inline only for raster images, audio
 * and video, never sniffed, never script. Unknown kinds are served as an opaque download.
 * @param {string} name  the file's name (its extension decides, since validate and import checked the content against
 *   it)
 * @returns {Record<string, string>}
 */
export function assetResponseHeaders(name) {
  const type = assetTypeOf(name);
  const base = name.slice(name.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9._-]/g, '_') || 'download';
  return {
    'Content-Type': type?.mime ?? 'application/octet-stream',
    'Content-Disposition': type?.inline ? 'inline' : `attachment; filename="${base}"`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': ASSET_CONTENT_SECURITY_POLICY,
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
