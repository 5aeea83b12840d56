/** Folder and file names inside a submissions zip: cleaned, and unique within their folder. */
import { cleanFileName } from '#lib/files/file-name.ts';

/** Gives out names, making each unique (case-insensitively) by adding " (2)", " (3)", … before the extension. */
export function uniqueNamer(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLocaleLowerCase('en')); n++) candidate = `${stem} (${n})${ext}`;
    taken.add(candidate.toLocaleLowerCase('en'));
    return candidate;
  };
}

/** A trainee's folder name from their display name (no path parts, no control characters). */
export function traineeFolder(displayName: string): string {
  return cleanFileName(displayName, 'trainee').replace(/\./g, '_');
}
