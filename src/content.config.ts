/**
 * Content collections over `courses/`: course descriptions, lessons, quizzes and assignments,
 * each checked by the schemas of src/lib/courses/schema.ts and src/lib/assignments/schema.ts
 * (the public course format).
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'zod';
import { courseOrigins } from './adapters/course-origins.ts';
import { courseOriginSchema, courseSchema, lessonSchema, quizSchema } from './lib/courses/schema.ts';
import { assignmentSchema } from './lib/courses/assignment-schema.ts';
import { frameworkSchema } from './lib/courses/framework-schema.ts';
import { programmeSchema } from './lib/courses/programme-schema.ts';
import { readGlossary } from './lib/courses/glossary-check.ts';
import { glossaryEntrySchema } from './lib/courses/glossary-schema.ts';

const withoutExtension = ({ entry }: { entry: string }) => entry.replace(/\.(mdx|md|ya?ml)$/, '');

/** id: the course folder. */
const courses = defineCollection({
  loader: glob({
    pattern: '*/course.yaml',
    base: './courses',
    generateId: ({ entry }) => entry.split('/')[0] ?? entry,
  }),
  schema: courseSchema,
});

/** id: the course folder; `origin` only for an imported course (decision 030). */
const origins = defineCollection({
  loader: courseOrigins('./courses'),
  schema: z.strictObject({ origin: courseOriginSchema.optional() }),
});

/** id: `<course>/<NN-module>/<NN-lesson>.<locale>`. */
const lessons = defineCollection({
  loader: glob({ pattern: '*/[0-9][0-9]-*/*.{md,mdx}', base: './courses', generateId: withoutExtension }),
  schema: lessonSchema,
});

/** id: `<course>/quizzes/<quiz-id>`. */
const quizzes = defineCollection({
  loader: glob({ pattern: '*/quizzes/*.{yaml,yml}', base: './courses', generateId: withoutExtension }),
  schema: quizSchema,
});

/** id: `<course>/assignments/<assignment-id>`. */
const assignments = defineCollection({
  loader: glob({ pattern: '*/assignments/*.{yaml,yml}', base: './courses', generateId: withoutExtension }),
  schema: assignmentSchema,
});

/** id: the file name, `courses/_frameworks/<id>.yaml` (competency frameworks, decision 034). */
const frameworks = defineCollection({
  loader: glob({
    pattern: '_frameworks/*.{yaml,yml}',
    base: './courses',
    generateId: ({ entry }) => entry.replace(/^_frameworks\//, '').replace(/\.ya?ml$/, ''),
  }),
  schema: frameworkSchema,
});

/** id: the file name, `courses/_programmes/<id>.yaml` (paths of courses, decision 047). */
const programmes = defineCollection({
  loader: glob({
    pattern: '_programmes/*.{yaml,yml}',
    base: './courses',
    generateId: ({ entry }) => entry.replace(/^_programmes\//, '').replace(/\.ya?ml$/, ''),
  }),
  schema: programmeSchema,
});

/**
 * id: the term's id in `courses/_glossary.yaml` (decision 042). Empty when the file is absent or
 * does not parse (validate, run before every build, reports why).
 */
const glossary = defineCollection({
  loader: async () => Object.entries(readGlossary('./courses') ?? {}).map(([id, entry]) => ({ ...entry, id })),
  schema: glossaryEntrySchema.extend({ id: z.string() }),
});

export const collections = { courses, origins, lessons, quizzes, assignments, frameworks, programmes, glossary };
