/**
 * A trainee's progress along programmes, from the database (decision 047); the rule is
 * completion.ts. Each course's standing is its own progress (progress.server.ts: a course
 * completed once stays completed), plus the accepted work and attended sessions the programme's
 * rule counts across its courses, read for one trainee or a whole cohort in one statement.
 */
import type { Database } from '#db/client.ts';
import type { CatalogProgramme } from '#lib/courses/catalog.ts';
import { toCourseOutline } from '#lib/progress/completion.ts';
import { getGroupCourseProgress } from '#lib/progress/progress.server.ts';
import { evaluateProgramme, workKey, type CourseStanding, type ProgrammeState } from './completion.ts';

export interface ProgrammeProgress extends ProgrammeState {
  /** Enrolled in at least one course of the path. */
  started: boolean;
}

/** Where a trainee stands along one programme (also one not started: all zero): a group of one. */
export async function getProgrammeProgress(
  db: Database,
  userId: string,
  programme: CatalogProgramme,
): Promise<ProgrammeProgress> {
  const [mine] = await groupProgress(db, [{ userId }], programme);
  return mine!.progress;
}

/** "My learning": the programmes a trainee has started (enrolled in one of their courses), with their progress. */
export async function listStartedProgrammes(
  db: Database,
  userId: string,
  programmes: readonly CatalogProgramme[],
): Promise<{ programme: CatalogProgramme; progress: ProgrammeProgress }[]> {
  const all = await Promise.all(
    programmes.map(async (programme) => ({ programme, progress: await getProgrammeProgress(db, userId, programme) })),
  );
  return all.filter((p) => p.progress.started);
}

/**
 * A cohort following the programme: each member's progress along it (the trainer's cohort page),
 * from one statement for every member and course of the path (getGroupCourseProgress) rather
 * than a few per member.
 */
export async function groupProgress<M extends { userId: string }>(
  db: Database,
  members: readonly M[],
  programme: CatalogProgramme,
): Promise<{ member: M; progress: ProgrammeProgress }[]> {
  const facts = await getGroupCourseProgress(
    db,
    members.map((m) => m.userId),
    programme.courses.map((c) => toCourseOutline(c)),
  );
  return members.map((member) => {
    const mine = facts.get(member.userId)!;
    const standings = new Map<string, CourseStanding>();
    const accepted = new Set<string>();
    const names = new Set<string>();
    let attended = 0;
    for (const c of programme.courses) {
      const { progress, accepted: work, attended: sessions } = mine.get(c.slug)!;
      standings.set(c.slug, {
        complete: progress.complete || progress.enrolment?.completedAt != null,
        percent: progress.percent,
      });
      for (const a of work) accepted.add(workKey({ course: c.slug, assignment: a }));
      attended += sessions.attended;
      for (const n of sessions.names) names.add(n);
    }
    return {
      member,
      progress: {
        ...evaluateProgramme(programme.data, standings, accepted, attended, names),
        started: [...mine.values()].some((f) => f.progress.enrolment !== null),
      },
    };
  });
}
