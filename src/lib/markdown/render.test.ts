import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render.ts';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown: emphasis, lists, links', () => {
    const html = renderMarkdown('**Карта** мүдделі тараптар\n\n- бір\n- екі\n\n[OSM](https://www.openstreetmap.org)');
    expect(html).toContain('<strong>Карта</strong>');
    expect(html).toContain('<li>бір</li>');
    expect(html).toContain('<a href="https://www.openstreetmap.org" rel="nofollow noopener noreferrer">OSM</a>');
  });

  it.each([
    ['<script>alert(1)</script>', '<script'],
    ['<img src=x onerror=alert(1)>', '<img'],
    ['[x](javascript:alert(1))', 'javascript:'],
    ['[x](JaVaScRiPt:alert(1))', 'avascript:'],
    ['<a href="https://e.kz" onclick="alert(1)">x</a>', '<a href'],
    ['![x](https://evil.example/track.png)', '<img'],
    ['<svg><script>alert(1)</script></svg>', '<svg'],
    ['<iframe src="https://evil.example"></iframe>', '<iframe'],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', 'data:'],
  ])('leaves nothing that can run or load: %s', (source, forbidden) => {
    const html = renderMarkdown(source);
    expect(html.toLowerCase()).not.toContain(forbidden.toLowerCase());
    // No element carries an event handler, whatever its text shows.
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
  });

  it('shows raw HTML as text rather than dropping what the person wrote', () => {
    expect(renderMarkdown('a <b>b</b>')).toContain('&lt;b&gt;');
  });

  it('keeps headings below the page’s own', () => {
    expect(renderMarkdown('# Title')).toBe('<h3>Title</h3>\n');
  });
});
