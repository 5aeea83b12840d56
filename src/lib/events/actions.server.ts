/**
 * What the session forms do. Trainees sign up and cancel (the waiting list moves up and is
 * told); trainers and admins schedule sessions or weekly series, change or cancel one (those
 * signed up are told), and take attendance, after which a course whose rule asks for sessions
 * completes and issues its certificate. Every staff change goes to the audit log.
 */
import type { Database } from '#db/client.ts';
import type { EventRow } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { listCohorts, type Cohort } from '#lib/cohorts/cohorts.server.ts';
import { visibleCourses } from '#lib/cohorts/scope.server.ts';
import { formText } from '#lib/http/forms.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { Mailer } from '#lib/mail/mailer.server.ts';
import { addressSubject, RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import type { ActionOutcome } from '#lib/result.ts';
import { attendanceRefusal } from './attendance.ts';
import { completeAfterAttendance, type CompletionContext } from './attendance.server.ts';
import type { EventMailContext } from './event-mail.ts';
import { parseEventForm, type EventInput } from './event-input.ts';
import { cancelEvent, createEvents, findEvent, isOpenTo, updateEvent } from './events.server.ts';
import { recipientsOf, sendEventMails } from './notify.server.ts';
import { cancelSignup, fillFreePlaces, listSignups, markAttendance, signUp } from './signups.server.ts';
import { addWalkIn } from './walk-in.server.ts';
import { ATTENDANCE_MARKS, type AttendanceMark } from '#db/schema.ts';

export const EVENT_FORM_FIELDS = [
  'kind',
  'title_kk',
  'title_ru',
  'title_en',
  'description_kk',
  'description_ru',
  'description_en',
  'place',
  'mapUrl',
  'onlineUrl',
  'date',
  'endDate',
  'startTime',
  'endTime',
  'capacity',
  'deadlineDate',
  'deadlineTime',
  'audience',
  'cohortId',
  'course',
  'sessionKey',
  'competencies',
  'repeatWeeks',
] as const;

export interface EventsContext extends CompletionContext {
  mail: EventMailContext;
  mailer?: Mailer;
  /** Resolves when the e-mails of the action are sent (tests wait on it; pages do not). */
  sent?: (done: Promise<void>) => void;
}

export type EventOutcome = ActionOutcome<{ event?: EventRow; created?: EventRow[] }, MessageKey>;

export function eventFormValues(form: FormData): Record<string, string> {
  return Object.fromEntries(
    EVENT_FORM_FIELDS.map((f) => [
      f,
      // Competencies come from a multiple choice: one field per competency chosen.
      f === 'competencies'
        ? form
            .getAll(f)
            .filter((v) => typeof v === 'string')
            .join(' ')
            .slice(0, 2000)
        : formText(form, f, f.startsWith('description') ? 5000 : 500),
    ]),
  );
}

/** What a trainer may choose: their courses and cohorts, each course's named sessions, the competency ids. */
export interface ScheduleScope {
  courses: readonly string[];
  cohorts: readonly Cohort[];
  /** The session names a course's completion rule lists (`sessions: { named }`). */
  namedSessions?: (course: string) => readonly string[];
  /** Every competency id of the frameworks. */
  competencies?: ReadonlySet<string>;
}

/**
 * The courses and cohorts `user` may schedule for, of the catalogue's `allCourses`: an admin
 * every course and cohort; a trainer the courses they follow and the cohorts they made of them.
 */
export async function scheduleScopeOf(
  db: Database,
  user: { id: string; role: string },
  allCourses: readonly string[],
): Promise<Pick<ScheduleScope, 'courses' | 'cohorts'>> {
  const courses = await visibleCourses(db, user, allCourses);
  const cohorts = (await listCohorts(db, user)).map((r) => r.cohort);
  return { courses, cohorts };
}

/** The session's name must be one its course's rule lists, and its competencies ones the frameworks have. */
function checkNamesAndCompetencies(input: EventInput, scope: ScheduleScope): EventOutcome | null {
  if (input.sessionKey && !(input.course && scope.namedSessions?.(input.course).includes(input.sessionKey)))
    return { ok: false, error: 'event.error.session_key', fields: { sessionKey: 'event.error.session_key' } };
  if (input.competencies.some((id) => !scope.competencies?.has(id)))
    return { ok: false, error: 'event.error.competencies', fields: { competencies: 'event.error.competencies' } };
  return null;
}

async function tell(
  db: Database,
  kind: Parameters<typeof sendEventMails>[0],
  userIds: readonly string[],
  event: EventRow,
  context: EventsContext,
): Promise<void> {
  const done = sendEventMails(kind, await recipientsOf(db, userIds), event, context.mail, context.mailer);
  context.sent?.(done);
}

/**
 * Schedules a session (or a weekly series) from the trainer's form: a trainer for the cohorts
 * they run (`cohorts`) and the courses they follow (`courses`); only an admin for everyone.
 */
export async function scheduleEvents(
  db: Database,
  actor: Actor & { role: string },
  form: FormData,
  scope: ScheduleScope,
): Promise<EventOutcome> {
  const parsed = parseEventForm(eventFormValues(form));
  if (!parsed.ok) return { ok: false, error: 'form.errors_title', fields: parsed.fields };
  const input = parsed.input;
  if (input.audience === 'cohort') {
    const cohort = scope.cohorts.find((c) => c.id === input.cohortId);
    if (!cohort) return { ok: false, error: 'event.error.cohort', fields: { cohortId: 'event.error.cohort' } };
    input.course = cohort.course;
  }
  if (input.course && !scope.courses.includes(input.course))
    return { ok: false, error: 'event.error.course', fields: { course: 'event.error.course' } };
  if (actor.role !== 'admin' && (input.audience === 'everyone' || !input.course))
    return {
      ok: false,
      error: 'event.error.forbidden_audience',
      fields: { audience: 'event.error.forbidden_audience' },
    };
  const refused = checkNamesAndCompetencies(input, scope);
  if (refused) return refused;
  const created = await createEvents(db, actor.id, input);
  await recordAudit(db, actor, 'event.create', created[0]!.id, { count: created.length, course: input.course });
  return { ok: true, message: 'trainer.events.created', params: { count: created.length }, created };
}

/**
 * "Sign up" and "Cancel my sign-up" on a session's page. Each press counts against the person's
 * and the client address's rate limits first (`event-signup`, `event-signup-ip`).
 */
export async function runTraineeEventAction(
  db: Database,
  userId: string,
  event: EventRow,
  form: FormData,
  context: EventsContext,
  client: { ip?: string | null } = {},
): Promise<EventOutcome> {
  const intent = formText(form, 'intent', 20);
  if (intent !== 'signup' && intent !== 'cancel') return { ok: false, error: 'form.unreadable' };
  const verdict = await consumeRateLimits(db, [
    [RATE_LIMITS.eventSignup, userId],
    [RATE_LIMITS.eventSignupIp, addressSubject(client.ip)],
  ]);
  if (!verdict.allowed)
    return { ok: false, error: 'events.error.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  if (intent === 'signup') {
    if (!(await isOpenTo(db, userId, event.id))) return { ok: false, error: 'event.error.not_open' };
    const result = await signUp(db, event.id, userId);
    if (!result.ok) return result;
    if (!result.already) await tell(db, result.status, [userId], event, context);
    return { ok: true, message: result.status === 'signed_up' ? 'events.notice.signed_up' : 'events.notice.waiting' };
  }
  const { cancelled, promoted } = await cancelSignup(db, event.id, userId);
  if (promoted.length > 0) await tell(db, 'promoted', promoted, event, context);
  return cancelled ? { ok: true, message: 'events.notice.cancelled' } : { ok: true };
}

/**
 * The session page of its trainer: change, cancel, attendance, a walk-in (walk-in.server.ts).
 * `now` decides whether attendance may be taken yet (attendance.ts).
 */
export async function runTrainerEventAction(
  db: Database,
  actor: Actor,
  event: EventRow,
  form: FormData,
  context: EventsContext,
  now: Date = new Date(),
): Promise<EventOutcome> {
  const intent = formText(form, 'intent', 20);
  if (intent === 'attendance') return takeAttendance(db, actor, event, form, context, now);
  if (intent === 'walkin') {
    const added = await addWalkIn(db, actor, event, formText(form, 'email', 254), context, now);
    if (!added.ok) return added;
    return {
      ok: true,
      message: added.already ? 'event.walkin.already' : 'event.walkin.added',
      params: { name: added.name },
    };
  }
  if (event.cancelledAt) return { ok: false, error: 'event.is_cancelled' };
  if (intent === 'cancel') {
    if (await cancelEvent(db, event.id)) {
      const people = await listSignups(db, event.id, ['signed_up', 'waiting']);
      const cancelled = (await findEvent(db, event.id))!;
      await tell(
        db,
        'cancelled',
        people.map((p) => p.userId),
        cancelled,
        context,
      );
      await recordAudit(db, actor, 'event.cancel', event.id, { notified: people.length });
      return { ok: true, message: 'event.cancelled_now', event: cancelled };
    }
    return { ok: true };
  }
  if (intent === 'edit') return editEvent(db, actor, event, form, context);
  return { ok: false, error: 'form.unreadable' };
}

async function editEvent(
  db: Database,
  actor: Actor,
  event: EventRow,
  form: FormData,
  context: EventsContext,
): Promise<EventOutcome> {
  const parsed = parseEventForm({
    ...eventFormValues(form),
    audience: event.audience,
    cohortId: event.cohortId ?? '',
    course: event.course ?? '',
    repeatWeeks: '1',
  });
  if (!parsed.ok) return { ok: false, error: 'form.errors_title', fields: parsed.fields };
  const changed = await updateEvent(db, event.id, parsed.input);
  if (!changed) return { ok: false, error: 'event.is_cancelled' };
  const signedUp = await listSignups(db, event.id, ['signed_up']);
  await tell(
    db,
    'changed',
    signedUp.map((p) => p.userId),
    changed,
    context,
  );
  const promoted = await fillFreePlaces(db, event.id);
  if (promoted.length > 0) await tell(db, 'promoted', promoted, changed, context);
  await recordAudit(db, actor, 'event.edit', event.id, { notified: signedUp.length, promoted: promoted.length });
  return { ok: true, message: 'event.saved', event: changed };
}

/**
 * The attendance list: one `mark:<userId>` field per person signed up, refused for a session
 * not yet begun or cancelled. Those newly present complete the session's course when its rule
 * is now met (certificate included).
 */
async function takeAttendance(
  db: Database,
  actor: Actor,
  event: EventRow,
  form: FormData,
  context: EventsContext,
  now: Date,
): Promise<EventOutcome> {
  const refusal = attendanceRefusal(event, now);
  if (refusal) return { ok: false, error: refusal };
  const people = await listSignups(db, event.id, ['signed_up']);
  const marks = people.map((p) => {
    const value = formText(form, `mark:${p.userId}`, 20);
    return {
      userId: p.userId,
      mark: (ATTENDANCE_MARKS as readonly string[]).includes(value) ? (value as AttendanceMark) : null,
    };
  });
  const present = await markAttendance(db, event, marks, now);
  await recordAudit(db, actor, 'event.attendance', event.id, {
    present: marks.filter((m) => m.mark === 'present').length,
    absent: marks.filter((m) => m.mark === 'absent').length,
    excused: marks.filter((m) => m.mark === 'excused').length,
  });
  await completeAfterAttendance(
    db,
    event,
    people.filter((p) => present.includes(p.userId)),
    context,
  );
  return { ok: true, message: 'event.attendance.saved' };
}
