/**
 * Course assets are decided by their content, not their name: a file is accepted only when its
 * extension is on the allow-list (asset-types.mjs) and its first bytes are what that extension
 * promises (`file-type` reads the magic numbers; text kinds must be UTF-8 text that is not HTML
 * or script). So `assets/evil.js`, `assets/phish.html` and a web page named `photo.png` are
 * refused, each with a message naming the file and what to do instead.
 */
import { fileTypeFromBuffer } from 'file-type';
import { ASSET_TYPES, assetTypeOf } from './asset-types.mjs';

/** Where a course comes from: this host's own authors, or another host (bundle, feed). */
export type ContentOrigin = 'local' | 'imported';

const ALLOWED = Object.keys(ASSET_TYPES)
  .filter((ext) => ext !== 'svg')
  .join(', ');

/** Markup that a browser (or an office program) would treat as a page or a script. */
const ACTIVE_TEXT = /^\s*(?:<!doctype\s+html|<html|<head|<body|<script|<iframe|<svg|<\?xml|<meta|<object|<embed)/i;

function isUtf8Text(data: Uint8Array): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is wrong with one asset (a message for the author), or null when it is accepted.
 * `name` is its path under assets/.
 */
export async function assetProblem(name: string, data: Uint8Array, origin: ContentOrigin): Promise<string | null> {
  const type = assetTypeOf(name);
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (!type) {
    return (
      `".${ext || '(none)'}" files are not allowed in a course's assets (they could run as code or pose as this ` +
      `site's pages); allowed: ${ALLOWED}`
    );
  }
  if (type.kind === 'svg') {
    if (origin === 'imported')
      return 'SVG images can carry script and are not accepted from another host: convert it to PNG or WebP';
    const text = isUtf8Text(data) ? new TextDecoder().decode(data.subarray(0, 4096)) : '';
    return /<svg[\s>]/i.test(text) ? null : 'this is not an SVG image (no <svg> element at its start)';
  }
  if (type.kind === 'text') {
    if (!isUtf8Text(data)) return `this is not UTF-8 text, as a .${ext} file must be: save it as UTF-8 text`;
    const head = new TextDecoder().decode(data.subarray(0, 1024)).replace(/^\uFEFF/, '');
    return ACTIVE_TEXT.test(head) ? `this .${ext} file holds a web page or script, not text: it is refused` : null;
  }
  const found = await fileTypeFromBuffer(data);
  if (found && type.detected.includes(found.ext)) return null;
  const what = found
    ? `a .${found.ext} file (${found.mime})`
    : isUtf8Text(data.subarray(0, 4096))
      ? 'text (perhaps a web page or script)'
      : 'an unknown kind of file';
  return (
    `its content is ${what}, not what ".${ext}" promises (${type.mime}): export it again as a real .${ext} ` +
    `file, or give it the right extension`
  );
}
