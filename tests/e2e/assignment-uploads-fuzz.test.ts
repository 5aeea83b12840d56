/**
 * Hostile posts to a trainee's assignment page (the fixture course tests/fixtures/e2e-courses/
 * hand-in), over plain HTTP against the real server: files of the wrong kind, zero bytes,
 * too large, truncated bodies, a multipart type without a boundary, names that are huge or
 * carry path and control characters, and hostile Markdown in the answer. None answers 5xx;
 * each refusal comes back as a message on the page; the page never carries the script.
 */
import { describe, expect, inject, test } from 'vitest';
import { baseURL, signInCookie } from './http.ts';

const accounts = inject('accounts');
const page = '/en/courses/hand-in/assignments/street-audit';
const boundary = '----oqu-fuzz-boundary';
const pdf = (bytes: number) =>
  Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.alloc(Math.max(0, bytes - 15), 0x20)]);

type Part = { name: string; value: string } | { name: string; filename: string; data: Buffer };

/** A multipart body written by hand, so hostile names reach the server byte for byte. */
function multipart(parts: Part[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head =
      'filename' in part
        ? `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n` +
          'Content-Type: application/pdf\r\n'
        : `Content-Disposition: form-data; name="${part.name}"\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`, 'utf8'));
    chunks.push('filename' in part ? part.data : Buffer.from(part.value, 'utf8'), Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

async function post(cookie: string, body: Buffer, type = `multipart/form-data; boundary=${boundary}`) {
  const res = await fetch(new URL(page, baseURL), {
    method: 'POST',
    headers: { 'Content-Type': type, Origin: baseURL, Cookie: cookie },
    body: new Uint8Array(body),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get('location') ?? '' };
}

async function show(cookie: string, location: string): Promise<string> {
  const res = await fetch(new URL(location, baseURL), { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

const form = (file?: { filename: string; data: Buffer }, body = 'Notes', intent = 'save'): Part[] => [
  { name: 'body', value: body },
  ...(file ? [{ name: 'files', ...file }] : []),
  { name: 'intent', value: intent },
];

describe('fuzzed uploads and hostile Markdown on the assignment page', () => {
  test('refusals are messages, names are cleaned, no 5xx, no script', async () => {
    const cookie = await signInCookie(accounts.learner.email, accounts.learner.password);
    const cases: { what: string; body: Buffer; type?: string; error?: string }[] = [
      {
        what: 'HTML named .pdf',
        body: multipart(form({ filename: 'x.pdf', data: Buffer.from('<html><script>alert(1)</script>') })),
        error: 'file_kind',
      },
      {
        what: 'zero bytes',
        body: multipart(form({ filename: 'empty.pdf', data: Buffer.alloc(0) })),
        error: 'file_empty',
      },
      {
        what: 'too large',
        body: multipart(form({ filename: 'big.pdf', data: pdf(1024 * 1024 + 1) })),
        error: 'file_too_large',
      },
      { what: 'truncated', body: multipart(form({ filename: 'cut.pdf', data: pdf(300_000) })).subarray(0, 200_000) },
      { what: 'unclosed', body: multipart(form({ filename: 'open.pdf', data: pdf(100) }), false) },
      { what: 'no boundary', body: multipart(form()), type: 'multipart/form-data', error: 'form_broken' },
      { what: 'not multipart', body: Buffer.from('body=x&intent=save'), type: 'application/x-www-form-urlencoded' },
      { what: 'huge name', body: multipart(form({ filename: `${'ж'.repeat(5000)}.pdf`, data: pdf(500) })) },
      {
        what: 'path characters',
        body: multipart(form({ filename: '../../etc/<script>alert(1)<\\script>\u202e.pdf', data: pdf(500) })),
      },
      {
        what: 'a third file',
        body: multipart(form({ filename: 'C:\\Users\\x\\third.pdf', data: pdf(500) })),
        error: 'too_many_files',
      },
    ];
    const seen: string[] = [];
    for (const c of cases) {
      const res = await post(cookie, c.body, c.type);
      seen.push(`${c.what}: ${res.status} ${res.location}`);
      expect(res.status, c.what).toBe(303);
      expect(res.location, c.what).toMatch(/^\/en\/courses\/hand-in\/assignments\/street-audit\?/);
      if (c.error) expect(res.location, c.what).toContain(`error=assignment.error.${c.error}`);
      const html = await show(cookie, res.location);
      expect(html, c.what).not.toMatch(/<script>alert|\u202e/);
    }
    console.log(`[uploads fuzz] ${seen.join('; ')}`);
    const html = await show(cookie, page);
    const names = [...html.matchAll(/<a href="\/submission-files\/[^"]+"[^>]*>([^<]*)<\/a>/g)].map((m) => m[1]!);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^ж{116}\.pdf$/);
    expect(names[1]).toBe('script_.pdf');

    const hostile = [
      '<script>alert(1)</script>',
      '[click](javascript:alert(1))',
      '<img src=x onerror=alert(1)>',
      '<svg><script>alert(1)</script></svg>',
      '<a href="data:text/html,<script>alert(1)</script>">x</a>',
      '<iframe src="/"></iframe>',
    ].join('\n\n');
    const handed = await post(cookie, multipart(form(undefined, hostile, 'hand_in')));
    expect(handed.location).toContain('handed=1');
    const after = await show(cookie, handed.location);
    const start = after.indexOf('class="submission-version');
    const text = after.slice(start, after.indexOf('</article>', start));
    expect(text).toContain('alert(1)'); // the text is there, as text
    // Escaped into text is harmless; what must not be there is a live element, handler or address.
    const live = /<(?:script|iframe|svg|object|embed)\b|<[^>]+\s(?:on\w+=|(?:href|src)="\s*(?:javascript|data):)/i;
    expect(text.match(live)?.[0] ?? null, text).toBeNull();
  });
});
