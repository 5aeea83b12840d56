/**
 * A trainee's file name made safe to store and to offer back in `Content-Disposition`: no path
 * parts, no control or bidirectional-override characters, no leading dots, at most 120
 * characters; letters of every script are kept (Kazakh and Russian names stay readable).
 */

export const MAX_FILE_NAME_LENGTH = 120;

// Controls (C0, DEL, C1), bidi overrides and isolates, zero-width and BOM, line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
// Characters that file systems or headers treat specially.
const RESERVED = /["*:<>?|\\/]/g;

/** The cleaned name, or `fallback` (e.g. `file.pdf`) when nothing usable is left. */
export function cleanFileName(raw: string, fallback: string): string {
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  let name = base.replace(UNSAFE, '').replace(RESERVED, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (name === '') return fallback;
  const chars = [...name];
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return [...name.slice(0, name.length - ext.length)].slice(0, MAX_FILE_NAME_LENGTH - ext.length).join('') + ext;
}

/** The name for the file's download: the cleaned name with the extension its content has. */
export function downloadName(name: string, kind: string): string {
  return name.toLowerCase().endsWith(`.${kind}`) || (kind === 'jpg' && /\.jpe?g$/i.test(name))
    ? name
    : `${name}.${kind}`;
}
