/**
 * Messages the course format gives authors from inside its zod schemas ("a quiz needs at least
 * one question"). Their text lives in the i18n dictionaries under `validate.author.*`, so
 * `npm run validate` prints them in the trainer's language; zod itself (and Astro's content
 * loader, which reads the same schemas) gets the English text. A custom issue carries its key
 * and values in zod's `params`; a fixed message of a built-in check (`.min(1, text)`) is
 * recognised by its English text, which is unique.
 */
import type { z } from 'zod';
import { dictionaries, type Params } from '#lib/i18n/t.ts';

const PREFIX = 'validate.author.';

/** The English text of the author message `name` (`validate.author.<name>`), with its values filled in. */
export function authorText(name: string, vars: Params = {}): string {
  const template = dictionaries.en[PREFIX + name];
  if (template === undefined) throw new Error(`no i18n key ${PREFIX}${name}`);
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

/** Adds a custom issue at `path` whose message validate can print in any language. */
export function addAuthorIssue(
  ctx: z.RefinementCtx,
  path: readonly (string | number)[],
  name: string,
  vars: Params = {},
): void {
  ctx.addIssue({ code: 'custom', path: [...path], message: authorText(name, vars), params: { author: name, vars } });
}

/** Options for `.refine()` with an author message (fixed text, no values). */
export function authorRefinement(name: string): { message: string; params: { author: string; vars: Params } } {
  return { message: authorText(name), params: { author: name, vars: {} } };
}

let byEnglish: Map<string, string> | undefined;

/** The dictionary key and values of an issue that carries an author message; undefined for zod's own. */
export function authorMessageOf(issue: {
  code: string;
  message: string;
  params?: Record<string, unknown>;
}): { key: string; vars: Params } | undefined {
  const author = issue.params?.['author'];
  if (issue.code === 'custom' && typeof author === 'string') {
    const vars = issue.params?.['vars'];
    return { key: PREFIX + author, vars: typeof vars === 'object' && vars !== null ? (vars as Params) : {} };
  }
  byEnglish ??= new Map(
    Object.entries(dictionaries.en)
      .filter(([key, text]) => key.startsWith(PREFIX) && !/\{\w+\}/.test(text))
      .map(([key, text]) => [text, key]),
  );
  const key = byEnglish.get(issue.message);
  return key ? { key, vars: {} } : undefined;
}
