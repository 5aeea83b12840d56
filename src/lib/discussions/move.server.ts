/**
 * Moving a thread to another board of the same course (decision 045): a course's trainers and
 * admins move a thread between the course's board, its lessons' questions and its cohorts'
 * boards. The choices are made on the server from the course's lessons (as built) and cohorts,
 * so a posted key naming another course, a lesson it lacks or another course's cohort is refused.
 * Every move is in the audit log, with the board it came from.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { cohorts, discussionThreads } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { trimmedFormText } from '#lib/http/forms.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { Result } from '#lib/result.ts';
import { boardAccess, type Viewer } from './access.server.ts';
import { boardOf, cohortBoard, courseBoard, lessonBoard, type Board } from './board.ts';
import { findThread, type ThreadRow } from './reading.server.ts';

/** A board a thread may move to, with what names it (a lesson's title, a cohort's name). */
export interface MoveTarget {
  board: Board;
  label: string;
}

/** The boards of the thread's course: its board, each lesson's questions, each cohort's board. */
export async function moveTargets(
  db: Database,
  course: string,
  lessons: readonly { slug: string; title: string }[],
): Promise<MoveTarget[]> {
  const groups = await db
    .select({ id: cohorts.id, name: cohorts.name })
    .from(cohorts)
    .where(eq(cohorts.course, course))
    .orderBy(cohorts.name);
  return [
    { board: courseBoard(course), label: '' },
    ...lessons.map((l) => ({ board: lessonBoard(course, l.slug), label: l.title })),
    ...groups.map((g) => ({ board: { ...cohortBoard(g.id, course), name: g.name }, label: g.name })),
  ];
}

/** Moves `thread` to the board `key` names, when it is one of `targets` and not where it is. */
export async function moveThread(
  db: Database,
  actor: Actor,
  thread: ThreadRow,
  key: string,
  targets: readonly MoveTarget[],
): Promise<Result<{ board: Board }, MessageKey>> {
  const target = targets.find((t) => t.board.key === key)?.board;
  if (!target || target.course !== thread.course) return { ok: false, error: 'discussion.error.move_target' };
  if (target.key === thread.board) return { ok: false, error: 'discussion.error.move_same' };
  await db
    .update(discussionThreads)
    .set({ board: target.key, kind: target.kind })
    .where(eq(discussionThreads.id, thread.id));
  await recordAudit(db, actor, 'discussion.move', thread.id, { from: thread.board, to: target.key });
  return { ok: true, board: target };
}

export type MovePageView =
  | { state: 'not-found' | 'forbidden' }
  | { state: 'moved'; board: Board }
  | { state: 'shown'; thread: ThreadRow; board: Board; targets: MoveTarget[]; error?: MessageKey };

/** The "move this thread" page: moderators of the thread's course only; POST moves it. */
export async function movePage(
  db: Database,
  input: {
    threadId: string;
    visitor: Viewer & { email: string; ip: string | null };
    form: FormData | null;
    /** The course's lessons as built, with their titles in the visitor's language. */
    lessons: (course: string) => Promise<readonly { slug: string; title: string }[]>;
  },
): Promise<MovePageView> {
  const thread = await findThread(db, input.threadId);
  if (!thread) return { state: 'not-found' };
  const board = boardOf(thread);
  const access = await boardAccess(db, input.visitor, board);
  if (access.state !== 'allowed' || !access.moderate) return { state: 'forbidden' };
  const targets = await moveTargets(db, thread.course, await input.lessons(thread.course));
  if (!input.form) return { state: 'shown', thread, board, targets };
  const { id, email, ip } = input.visitor;
  const moved = await moveThread(db, { id, email, ip }, thread, trimmedFormText(input.form, 'to', 200), targets);
  return moved.ok
    ? { state: 'moved', board: moved.board }
    : { state: 'shown', thread, board, targets, error: moved.error };
}
