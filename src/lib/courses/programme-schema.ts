/**
 * The public format of a programme: `courses/_programmes/<id>.yaml` (decision 047). A programme
 * is a named path through several courses of this site, with an optional number of sessions to
 * attend and pieces of work to have accepted, a completion rule, its hours and the competencies
 * it develops; completing it earns a programme certificate of its own. The doc comment on each
 * field is the authoring reference (docs/authoring.md, "Programmes"); keep these names stable:
 * certificates and cohorts store the programme by its id (the file name).
 */
import { z } from 'zod';
import { addAuthorIssue, authorRefinement, authorText } from './author-messages.ts';
import { competencyRefs, fieldRef, localizedText, sessionKeySchema, slug } from './schema.ts';

/** The folder under `courses/` that holds the programmes (a leading `_`: never a course). */
export const PROGRAMMES_FOLDER = '_programmes';

/** A piece of work a trainer must accept, named by its course and its assignment id. */
export const programmeAssignmentSchema = z.strictObject({
  /** The course folder, one of the programme's `courses`. */
  course: slug,
  /** The assignment id in that course (`assignments/<id>.yaml`). */
  assignment: slug,
});

export const programmeSchema = z
  .strictObject({
    /** The programme's version, e.g. `1.0`; raise it when what completes it changes. */
    version: z.string().trim().min(1).max(40),
    /** The programme's title in every language. */
    title: localizedText,
    /** What the programme is for and who it is for, in every language. */
    description: localizedText,
    /** The programme field, as on courses: an id of the site configuration's `fields`. */
    field: fieldRef,
    /** The courses of the path, in the order a trainee takes them (course folder names). */
    courses: z.array(slug).min(2, authorText('programme_too_short')),
    /** Study hours the programme is worth, printed on its certificate (often the courses' hours and the sessions'). */
    hours: z.number().positive().max(2000),
    /** The competencies the programme develops (ids from `courses/_frameworks/`); left out, those its courses name. */
    competencies: competencyRefs.optional(),
    /**
     * What completes the programme: the courses to complete (`all`, or a list of the programme's
     * courses), how many sessions of its courses to attend (`sessions: { attend: 2 }`) or which, by
     * name (`sessions: { named: [kickoff] }`), and pieces of work a trainer must accept
     * (`assignments: [{ course, assignment }]`), besides those the courses' own rules ask for.
     */
    completion: z
      .strictObject({
        courses: z.union([z.literal('all'), z.array(slug).min(1)]).default('all'),
        sessions: z
          .strictObject({
            /** How many sessions of the programme's courses to attend (marked present), e.g. `2`. */
            attend: z.number().int().min(1).max(200).optional(),
            /**
             * Sessions to attend by name: names that courses of the programme list in their own rule
             * (`sessions: { named: [kickoff] }` in course.yaml), which trainers give their sessions;
             * attending a session of any course of the path with that name meets it.
             */
            named: z.array(sessionKeySchema).min(1).max(20).optional(),
          })
          .refine((s) => s.attend !== undefined || s.named !== undefined, authorRefinement('sessions_rule_empty'))
          .optional(),
        assignments: z.array(programmeAssignmentSchema).default([]),
      })
      .default({ courses: 'all', assignments: [] }),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.courses.forEach((c, i) => {
      if (seen.has(c)) addAuthorIssue(ctx, ['courses', i], 'programme_course_twice', { course: c });
      seen.add(c);
    });
    const listed = p.courses.join(', ');
    const required = p.completion.courses === 'all' ? [] : p.completion.courses;
    required.forEach((c, i) => {
      if (!seen.has(c))
        addAuthorIssue(ctx, ['completion', 'courses', i], 'programme_required_not_listed', { course: c, listed });
    });
    p.completion.assignments.forEach((a, i) => {
      if (!seen.has(a.course))
        addAuthorIssue(ctx, ['completion', 'assignments', i, 'course'], 'programme_assignment_not_listed', {
          course: a.course,
          listed,
        });
    });
  });
export type Programme = z.infer<typeof programmeSchema>;

/** A programme of the site: its id (the file name) and its data. */
export interface ProgrammeEntry {
  id: string;
  data: Programme;
}

/**
 * How a programme certificate names its programme in the `course` column of certificates
 * (decision 047): `programme:<id>`, never a course folder name (those have no `:`).
 */
export const programmeCertificateKey = (id: string): string => `programme:${id}`;

/** The programme id a certificate's `course` names, or null for a course certificate. */
export function programmeOfCertificate(course: string): string | null {
  return course.startsWith('programme:') ? course.slice('programme:'.length) : null;
}
