/**
 * Where a course's files go inside a package for another LMS (SCORM and Common Cartridge alike):
 * ASCII names only, since many LMSs and zip tools mangle other characters in zip entry names
 * (a Kazakh-named image would arrive broken), and one rule for both formats.
 */
import { createHash } from 'node:crypto';

/** Where the site serves a course's files (src/pages/course-assets/). */
export const ASSET_PREFIX = '/course-assets/';

/**
 * A path of ASCII letters, digits, `.`, `-`, `_` and `/` only: other characters become `_`, and
 * a changed name gains a short hash of the original so that two Kazakh names cannot collide.
 */
export function asciiPath(path: string): string {
  const safe = path.replace(/[^A-Za-z0-9._/-]/g, '_');
  if (safe === path) return path;
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 8);
  const dot = safe.lastIndexOf('.');
  return dot > safe.lastIndexOf('/') ? `${safe.slice(0, dot)}-${hash}${safe.slice(dot)}` : `${safe}-${hash}`;
}

export interface PackageAsset {
  /** The file's path on the site, decoded (`/course-assets/<course>/Сурет 1.png`): where the build holds it. */
  source: string;
  /** Its path in the package, ASCII (`assets/<course>/_____1-1a2b3c4d.png`). */
  file: string;
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The package file of a link to a course file (`/course-assets/...`, raw or percent-encoded,
 * query and fragment left off), or undefined for any other link and for a path that would
 * leave the course files (`.` or `..` segments).
 */
export function packageAsset(url: string): PackageAsset | undefined {
  if (!url.startsWith(ASSET_PREFIX)) return undefined;
  const rest = decoded(url.split(/[?#]/)[0]!.slice(ASSET_PREFIX.length));
  const segments = rest.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'))) return undefined;
  return { source: `${ASSET_PREFIX}${rest}`, file: `assets/${asciiPath(rest)}` };
}
