/**
 * Markdown written by people (an assignment's brief, a trainee's answer, a partner's privacy
 * page) turned into HTML that cannot run script: `marked` parses it, then `sanitize-html` keeps
 * only the elements and attributes of ordinary text. Raw HTML in the source is
 * shown as text, links may only be http(s) or mailto and open no window handle, images are not
 * allowed (a trainee's answer must not load things from elsewhere).
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: true, async: false });

// Raw HTML in the source becomes visible text, before the sanitiser even sees it.
marked.use({
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'hr',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Headings of the author's text sit under the page's own h1/h2.
  transformTags: {
    h1: 'h3',
    h2: 'h3',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
  },
  disallowedTagsMode: 'escape',
};
ALLOWED.allowedAttributes = { ...ALLOWED.allowedAttributes, a: ['href', 'rel'] };

/** For a page of its own (a partner's privacy page): `#` and `##` are sections (h2) under the page's h1. */
const PAGE: sanitizeHtml.IOptions = {
  ...ALLOWED,
  allowedTags: [...(ALLOWED.allowedTags || []), 'h2'],
  transformTags: { ...ALLOWED.transformTags, h1: 'h2', h2: 'h2' },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Safe HTML for a piece of Markdown written by a person. `rel` is every link's rel (default
 * `nofollow noopener noreferrer`; discussions mark links `ugc` and follow an established author's).
 */
export function renderMarkdown(source: string, as: 'part' | 'page' = 'part', rel?: string): string {
  const html = marked.parse(source.replace(/\r\n?/g, '\n')) as string;
  const options = as === 'page' ? PAGE : ALLOWED;
  if (!rel) return sanitizeHtml(html, options);
  return sanitizeHtml(html, {
    ...options,
    transformTags: { ...options.transformTags, a: sanitizeHtml.simpleTransform('a', { rel }) },
  });
}
