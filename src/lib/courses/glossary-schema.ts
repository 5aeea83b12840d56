/**
 * The curriculum's shared glossary, `courses/_glossary.yaml` (decision 042): for each concept, its
 * preferred form in each language, a one-sentence definition and the forms to avoid.
 */
import { z } from 'zod';

export const GLOSSARY_FILE = '_glossary.yaml';

const form = z
  .object({
    /** The preferred form, as it is written in a sentence (lower case unless a name). */
    term: z.string().trim().min(1),
    /** One sentence. */
    definition: z.string().trim().min(1),
    /** Forms that mean the same but are not to be used; validate warns where a lesson or quiz has one. */
    avoid: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

export const glossaryEntrySchema = z
  .object({
    kk: form.optional(),
    ru: form.optional(),
    en: form.optional(),
    /** false: a word of the interface (a true/false answer), kept off the glossary page. */
    page: z.boolean().default(true),
    /** true: the forms to avoid are checked only in quiz choices that are that word alone. */
    choicesOnly: z.boolean().default(false),
  })
  .strict();

/** The file: entries by id (lowercase latin letters, digits and hyphens). */
export const glossarySchema = z.record(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), glossaryEntrySchema);

export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;
export type GlossaryForm = z.infer<typeof form>;
export type Glossary = Record<string, GlossaryEntry>;
