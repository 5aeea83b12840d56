/**
 * The preview (`npm run dev`) shows a course's mistakes in the browser, where the trainer is
 * looking. Before, an MDX syntax error gave the generic "try again in a moment" page, and a front
 * matter or quiz error left the old page showing with the error only in the terminal. Now every
 * page of the preview first runs validate on courses/ (again only when a file changed) and,
 * while it finds errors, answers with them instead: file, line and fix, in the page's language
 * (decision 019). Used only by the dev server; the build runs the same validate and stops.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findingMessage, sortFindings, type Finding } from './findings.ts';
import { validateCourseTree } from './validate.ts';
import { isLocale, type Locale } from '#lib/i18n/locales.ts';
import { useTranslations } from '#lib/i18n/t.ts';

/** Paths of course files with their times and sizes: changes when any file is edited, added or removed. */
function signature(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const abs = join(d, entry.name);
      if (entry.isDirectory()) walk(abs);
      else {
        const s = statSync(abs);
        parts.push(`${abs}:${s.mtimeMs}:${s.size}`);
      }
    }
  };
  try {
    walk(dir);
  } catch {
    return '';
  }
  return parts.join('\n');
}

let last: { signature: string; errors: Finding[] } | undefined;

/** The errors validate finds in `<projectRoot>/courses` now, read again only when a file changed. */
export function previewErrors(projectRoot: string): Finding[] {
  const coursesDir = join(projectRoot, 'courses');
  const now = signature(coursesDir);
  if (last?.signature !== now) {
    const report = validateCourseTree(coursesDir, projectRoot);
    last = { signature: now, errors: sortFindings(report.findings.filter((f) => f.severity === 'error')) };
  }
  return last.errors;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The page listing `errors`, in `locale`; it reloads itself through Vite's client when a file is saved. */
export function previewErrorPage(errors: readonly Finding[], locale: Locale): string {
  const t = useTranslations(locale);
  const items = errors
    .map(
      (f) =>
        `<li><p><code>${escapeHtml(f.line ? `${f.file}:${f.line}` : f.file)}</code></p>` +
        `<p>${escapeHtml(findingMessage(f, locale))}</p></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('preview.errors.title', { count: errors.length }))}</title>
<script type="module" src="/@vite/client"></script>
<style>
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0 auto;padding:1rem;max-width:48rem;color:#1b1f23}
h1{color:#a61b1b;font-size:1.5rem}ol{padding-left:1.25rem}
li{margin-bottom:1rem;border-left:4px solid #a61b1b;padding-left:.75rem}
li p{margin:.25rem 0}code{font-size:.95rem;background:#f4f6f5;padding:.1rem .3rem;overflow-wrap:anywhere}
</style></head>
<body><main><h1>${escapeHtml(t('preview.errors.title', { count: errors.length }))}</h1>
<p>${escapeHtml(t('preview.errors.intro'))}</p>
<ol>
${items}
</ol></main></body></html>`;
}

/**
 * The answer of the preview for a page request while courses/ has errors, or undefined (then
 * the page renders as usual). Assets, scripts, endpoints with a file name and Vite's own
 * requests pass through.
 */
export function previewErrorResponse(projectRoot: string, url: URL, request: Request): Response | undefined {
  // Pages only, told by their address: reading headers on a prerendered page makes Astro warn.
  if (request.method !== 'GET' || /\.[A-Za-z0-9]+$/.test(url.pathname)) return undefined;
  if (/^\/(?:course-assets|_|@|pagefind|node_modules|healthz)/.test(url.pathname)) return undefined;
  const errors = previewErrors(projectRoot);
  if (errors.length === 0) return undefined;
  const first = url.pathname.split('/')[1] ?? '';
  const locale: Locale = isLocale(first) ? first : 'en';
  return new Response(previewErrorPage(errors, locale), {
    status: 500,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
