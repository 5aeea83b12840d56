/**
 * A trainee's progress along programmes, from the database (decision 047); the rule is
 * completion.ts. Each course's standing is its own progress (progress.server.ts: a course
 * completed once stays completed), plus the accepted work and attended sessions the programme's
 * rule counts across its courses.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { eventSignups, events, submissions } from '#db/schema.ts';
import type { CatalogProgramme } from '#lib/courses/catalog.ts';
import { toCourseOutline } from '#lib/progress/completion.ts';
import { getCourseProgress, getGroupCourseProgress } from '#lib/progress/progress.server.ts';
import { evaluateProgramme, workKey, type CourseStanding, type ProgrammeState } from './completion.ts';

export interface ProgrammeProgress extends ProgrammeState {
  /** Enrolled in at least one course of the path. */
  started: boolean;
}

async function acceptedWork(db: Database, userId: string, courses: readonly string[]): Promise<Set<string>> {
  if (courses.length === 0) return new Set();
  const rows = await db
    .select({ course: submissions.course, assignment: submissions.assignment })
    .from(submissions)
    .where(
      and(eq(submissions.userId, userId), eq(submissions.state, 'accepted'), inArray(submissions.course, courses)),
    );
  return new Set(rows.map(workKey));
}

/** Sessions of these courses (not cancelled) the trainee was marked present at, and the names of those named. */
async function attendedSessions(
  db: Database,
  userId: string,
  courses: readonly string[],
): Promise<{ count: number; names: Set<string> }> {
  if (courses.length === 0) return { count: 0, names: new Set() };
  const row = await db
    .select({
      n: sql<number>`count(*)`,
      // Session names are slugs (no commas), so the default separator splits them back.
      names: sql<string | null>`group_concat(distinct ${events.sessionKey})`,
    })
    .from(eventSignups)
    .innerJoin(events, eq(events.id, eventSignups.eventId))
    .where(
      and(
        eq(eventSignups.userId, userId),
        eq(eventSignups.attendance, 'present'),
        isNull(events.cancelledAt),
        inArray(events.course, courses),
      ),
    )
    .get();
  return { count: Number(row?.n ?? 0), names: new Set(row?.names ? row.names.split(',') : []) };
}

/** Where a trainee stands along one programme (also one not started: all zero). */
export async function getProgrammeProgress(
  db: Database,
  userId: string,
  programme: CatalogProgramme,
): Promise<ProgrammeProgress> {
  const slugs = programme.courses.map((c) => c.slug);
  const [progresses, accepted, attended] = await Promise.all([
    Promise.all(programme.courses.map((c) => getCourseProgress(db, userId, toCourseOutline(c)))),
    programme.data.completion.assignments.length ? acceptedWork(db, userId, slugs) : new Set<string>(),
    programme.data.completion.sessions ? attendedSessions(db, userId, slugs) : { count: 0, names: new Set<string>() },
  ]);
  const standings = new Map<string, CourseStanding>(
    programme.courses.map((c, i) => {
      const p = progresses[i]!;
      return [c.slug, { complete: p.complete || p.enrolment?.completedAt != null, percent: p.percent }];
    }),
  );
  return {
    ...evaluateProgramme(programme.data, standings, accepted, attended.count, attended.names),
    started: progresses.some((p) => p.enrolment !== null),
  };
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
