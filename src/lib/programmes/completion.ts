/**
 * What completes a programme (decision 047), as pure functions over plain data; the server twin
 * (progress.server.ts) feeds them from the database.
 *
 * A programme's rule names the courses to complete (`all`, or a list), a number of sessions of
 * its courses to attend, sessions to attend by name (a session of any of its courses that the
 * trainer gave that name) and pieces of work a trainer must accept. As for a course, a course the
 * site no longer has is neither required nor counted, and a rule that requires nothing that
 * exists is never complete. The percent weighs each required course by its own progress
 * (decision 022) and each session and piece of work as one step; 100 % means complete.
 */
import type { Programme } from '#lib/courses/programme-schema.ts';

/** Where a trainee stands in one course of the path. */
export interface CourseStanding {
  complete: boolean;
  /** The course's progress as every page shows it (0..100). */
  percent: number;
}

export interface ProgrammeAssignment {
  course: string;
  assignment: string;
}

export interface ProgrammeState {
  complete: boolean;
  percent: number;
  /** The path in order: each course the site has, whether the rule requires it, and the standing. */
  courses: { slug: string; required: boolean; complete: boolean; percent: number }[];
  missingCourses: string[];
  requiredSessions: number;
  missingSessions: number;
  /** Session names the rule asks for, and those not attended yet. */
  requiredNamedSessions: string[];
  missingNamedSessions: string[];
  requiredAssignments: ProgrammeAssignment[];
  missingAssignments: ProgrammeAssignment[];
}

/** `course/assignment`: how accepted work is named in the sets the caller passes. */
export const workKey = (a: ProgrammeAssignment): string => `${a.course}/${a.assignment}`;

/**
 * Where a trainee stands against the programme's rule. `standings` has an entry per course of
 * the path the site still has (absent: removed from the site); `accepted` holds `course/assignment`
 * keys; `attended` counts the sessions of the programme's courses they were marked present at,
 * and `attendedNames` holds the names of those sessions that have one.
 */
export function evaluateProgramme(
  programme: Pick<Programme, 'courses' | 'completion'>,
  standings: ReadonlyMap<string, CourseStanding>,
  accepted: ReadonlySet<string> = new Set(),
  attended = 0,
  attendedNames: ReadonlySet<string> = new Set(),
): ProgrammeState {
  const rule = programme.completion;
  const wanted = rule.courses === 'all' ? new Set(programme.courses) : new Set(rule.courses);
  const courses = programme.courses.flatMap((slug) => {
    const s = standings.get(slug);
    return s ? [{ slug, required: wanted.has(slug), complete: s.complete, percent: s.percent }] : [];
  });
  const required = courses.filter((c) => c.required);
  const missingCourses = required.filter((c) => !c.complete).map((c) => c.slug);
  const requiredAssignments = rule.assignments.filter((a) => standings.has(a.course));
  const missingAssignments = requiredAssignments.filter((a) => !accepted.has(workKey(a)));
  const requiredSessions = rule.sessions?.attend ?? 0;
  const missingSessions = Math.max(0, requiredSessions - attended);
  const requiredNamedSessions = [...new Set(rule.sessions?.named ?? [])];
  const missingNamedSessions = requiredNamedSessions.filter((name) => !attendedNames.has(name));
  const steps = requiredAssignments.length + requiredSessions + requiredNamedSessions.length;
  const missingSteps = missingAssignments.length + missingSessions + missingNamedSessions.length;
  const total = required.length + steps;
  const complete = total > 0 && missingCourses.length === 0 && missingSteps === 0;
  const reached =
    required.reduce((sum, c) => sum + (c.complete ? 100 : Math.min(99, c.percent)), 0) + 100 * (steps - missingSteps);
  const percent = complete ? 100 : total === 0 ? 0 : Math.min(99, Math.floor(reached / total));
  return {
    complete,
    percent,
    courses,
    missingCourses,
    requiredSessions,
    missingSessions,
    requiredNamedSessions,
    missingNamedSessions,
    requiredAssignments,
    missingAssignments,
  };
}
