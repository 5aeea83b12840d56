/**
 * The public format of a competency framework: `courses/_frameworks/<id>.yaml` (decision 034).
 * A framework names what a person can do after the courses that develop it; courses, quiz
 * questions and assignment rubric criteria name the competencies they give evidence of
 * (`competencies: [id, ...]`). The doc comment on each field is the authoring reference
 * (docs/authoring.md, "Competencies"); keep these names stable: credentials carry them.
 */
import { z } from 'zod';
import { addAuthorIssue, authorText } from './author-messages.ts';
import { localizedText, slug } from './schema.ts';

/** The folder under `courses/` that holds the frameworks (a leading `_`: never a course). */
export const FRAMEWORKS_FOLDER = '_frameworks';

/** Where a competency sits in an outside framework (an ESCO skill, a national professional standard). */
export const externalAlignmentSchema = z.strictObject({
  /** The outside framework's name, e.g. `ESCO`. */
  framework: z.string().trim().min(1).max(200),
  /** The outside item's name as that framework writes it. */
  name: z.string().trim().min(1).max(300),
  /**
   * The item's public address (an ESCO concept URI, a standard's page): http or https only, since
   * the public framework page links to it (a `javascript:` or `data:` address would run there).
   */
  url: z
    .url({
      protocol: /^https?$/,
      error: authorText('alignment_url'),
    })
    .max(500),
  /** The item's code in that framework, when it has one. Never invent one: copy it from the source. */
  code: z.string().trim().min(1).max(200).optional(),
});
export type ExternalAlignment = z.infer<typeof externalAlignmentSchema>;

export const competencySchema = z.strictObject({
  /** Stable id, unique across every framework of the site; evidence and credentials are stored by it. */
  id: slug,
  /** What the person can do, short, in every language ("Measure social impact"). */
  title: localizedText,
  /** What it takes, in a sentence or two, in every language. */
  description: localizedText,
  /** The id of a competency of the same framework this one is grouped under. */
  parent: slug.optional(),
  /** The same competency in outside frameworks. */
  alignments: z.array(externalAlignmentSchema).optional(),
});
export type Competency = z.infer<typeof competencySchema>;

export const frameworkSchema = z
  .strictObject({
    /** The framework's version, e.g. `1.0`; raise it when a competency's meaning changes. */
    version: z.string().trim().min(1).max(40),
    /** The framework's title in every language. */
    title: localizedText,
    /** What the framework is for, in every language. */
    description: localizedText,
    /** The competencies, groups first; a group is a competency that others name as `parent`. */
    competencies: z.array(competencySchema).min(1, authorText('framework_empty')),
  })
  .superRefine((f, ctx) => {
    const ids = new Set<string>();
    f.competencies.forEach((c, i) => {
      if (ids.has(c.id)) addAuthorIssue(ctx, ['competencies', i, 'id'], 'framework_competency_twice', { id: c.id });
      ids.add(c.id);
    });
    f.competencies.forEach((c, i) => {
      if (c.parent && (!ids.has(c.parent) || c.parent === c.id))
        addAuthorIssue(ctx, ['competencies', i, 'parent'], 'parent_unknown', {
          parent: c.parent,
          ids: [...ids].join(', '),
        });
    });
  });
export type Framework = z.infer<typeof frameworkSchema>;
