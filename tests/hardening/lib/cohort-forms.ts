/** Posting the cohort page's forms as a browser does: the CSV import as multipart/form-data with a file. */
import type { HttpClient, HttpResponse } from './http.ts';

/** The import form with `csv` as the chosen file. */
export function importCsv(
  http: HttpClient,
  cohortPath: string,
  csv: string,
  cookie: string | undefined,
  timeoutMs = 120_000,
): Promise<HttpResponse> {
  const boundary = `----oqu${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nimport\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="trainees.csv"\r\nContent-Type: ` +
        `text/csv\r\n\r\n`,
    ),
    Buffer.from(csv, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return http.request('POST', cohortPath, {
    body,
    cookie,
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    timeoutMs,
  });
}

/** The visible text of a page, tags removed, whitespace squeezed. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
