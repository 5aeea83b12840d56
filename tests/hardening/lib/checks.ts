/** What no response may contain, whatever was sent. */
import type { HttpResponse } from './http.ts';

const LEAKS: [RegExp, string][] = [
  [/^\s*at \S.*(\(|:\d+:\d+)/m, 'stack frame'],
  [/\n {4}at /, 'stack frame'],
  [/\/src\/(lib|pages|components|layouts|cli)\//, 'source path'],
  [/node_modules/, 'node_modules path'],
  [/\.(ts|mjs):\d+:\d+/, 'file:line:column'],
  [/SQLITE_[A-Z]+|LibsqlError|database is locked/, 'database error'],
  [/\b(TypeError|ReferenceError|RangeError|SyntaxError): /, 'JavaScript error'],
];

/** Why the body leaks internals, or null. Only text bodies are read (PDFs are binary). */
export function leakIn(res: HttpResponse): string | null {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('pdf')) return null;
  for (const [pattern, what] of LEAKS) {
    const m = pattern.exec(res.text);
    if (m) return `${what}: ${JSON.stringify(res.text.slice(Math.max(0, m.index - 80), m.index + 120))}`;
  }
  return null;
}
