/**
 * The session form as plain data: its fields checked with zod, wall-clock dates and times read
 * as Kazakhstan time (UTC+5, the offset of time/dates.ts) and turned into instants, and a
 * weekly series spelled out into one session per week. A session may run over several days (a
 * study visit): an end date, when given, is another day than the start's.
 */
import { z } from 'zod';
import {
  EVENT_AUDIENCES,
  EVENT_KINDS,
  type EventAudience,
  type EventKind,
  type EventRow,
  type EventText,
} from '#db/schema.ts';
import { SESSION_KEY_PATTERN } from '#lib/courses/schema.ts';
import { fromKazakhstanWallClock, kazakhstanDate, kazakhstanTime } from '#lib/time/dates.ts';
import type { MessageKey } from '#lib/i18n/t.ts';

/** The choices of the forms, for the pages (which do not import the schema). */
export { ATTENDANCE_MARKS, EVENT_AUDIENCES, EVENT_KINDS } from '#db/schema.ts';

/** At most this many sessions in one weekly series (a year of weeks). */
export const MAX_SERIES = 52;
export const MAX_CAPACITY = 10_000;
/** The longest session, in days: a study visit of a month at most (the month view draws each day). */
export const MAX_SESSION_DAYS = 31;
const DAY_MS = 24 * 60 * 60 * 1000;
const LANGS = ['kk', 'ru', 'en'] as const;

export interface EventInput {
  kind: EventKind;
  title: EventText;
  description: EventText;
  place: string | null;
  mapUrl: string | null;
  onlineUrl: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  signupDeadline: Date | null;
  audience: EventAudience;
  cohortId: string | null;
  course: string | null;
  /** The name from the course's rule this session carries (`sessions: { named: [...] }`), if any. */
  sessionKey: string | null;
  /** Competency ids attending gives evidence of. */
  competencies: string[];
  /** How many weekly sessions to create (1: a single session). */
  repeatWeeks: number;
}

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || null);
const link = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/.test(v), { error: 'event.error.link' })
  .transform((v) => v || null);
const date = z.iso.date({ error: 'event.error.date' });
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'event.error.time' });

const formSchema = z
  .object({
    kind: z.enum(EVENT_KINDS, { error: 'event.error.kind' }),
    title_kk: optional(200),
    title_ru: optional(200),
    title_en: optional(200),
    description_kk: optional(5000),
    description_ru: optional(5000),
    description_en: optional(5000),
    place: optional(300),
    mapUrl: link,
    onlineUrl: link,
    date,
    /** The last day of a session over several days; empty for a session within one day. */
    endDate: z.union([z.literal(''), date]),
    startTime: time,
    endTime: time,
    capacity: z.coerce
      .number({ error: 'event.error.capacity' })
      .int({ error: 'event.error.capacity' })
      .min(1, { error: 'event.error.capacity' })
      .max(MAX_CAPACITY, { error: 'event.error.capacity' }),
    deadlineDate: z.union([z.literal(''), date]),
    deadlineTime: z.union([z.literal(''), time]),
    audience: z.enum(EVENT_AUDIENCES, { error: 'event.error.audience' }),
    cohortId: optional(64),
    course: optional(100),
    sessionKey: optional(40).refine((v) => v === null || SESSION_KEY_PATTERN.test(v), {
      error: 'event.error.session_key',
    }),
    competencies: z
      .string()
      .max(2000)
      .transform((v) => [...new Set(v.split(/[\s,]+/).filter(Boolean))])
      .refine((ids) => ids.length <= 20 && ids.every((id) => SESSION_KEY_PATTERN.test(id)), {
        error: 'event.error.competencies',
      }),
    repeatWeeks: z.coerce
      .number({ error: 'event.error.repeat' })
      .int({ error: 'event.error.repeat' })
      .min(1, { error: 'event.error.repeat' })
      .max(MAX_SERIES, { error: 'event.error.repeat' }),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: MessageKey) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!f.title_kk && !f.title_ru && !f.title_en) issue('title_en', 'event.error.title');
    const span = sessionInstants(f);
    if (span && span[1] <= span[0]) issue(f.endDate ? 'endDate' : 'endTime', 'event.error.ends_before_start');
    else if (span && span[1].getTime() - span[0].getTime() > MAX_SESSION_DAYS * DAY_MS)
      issue('endDate', 'event.error.too_long');
    if (!f.place && !f.onlineUrl) issue('place', 'event.error.where');
    if (f.audience === 'cohort' && !f.cohortId) issue('cohortId', 'event.error.cohort');
    if (f.audience === 'course' && !f.course) issue('course', 'event.error.course');
    if (f.deadlineTime && !f.deadlineDate) issue('deadlineDate', 'event.error.date');
  });

/**
 * The start and end as instants, the end on the end date when given, else on the start's day;
 * null while a date or time is not valid (its own field says so).
 */
function sessionInstants(f: { date: string; endDate: string; startTime: string; endTime: string }) {
  const endDate = f.endDate || f.date;
  const valid =
    [f.date, endDate].every((d) => date.safeParse(d).success) &&
    [f.startTime, f.endTime].every((t) => time.safeParse(t).success);
  return valid
    ? ([fromKazakhstanWallClock(f.date, f.startTime), fromKazakhstanWallClock(endDate, f.endTime)] as const)
    : null;
}

const pick = (f: Record<string, unknown>, prefix: string): EventText =>
  Object.fromEntries(LANGS.flatMap((l) => (f[`${prefix}_${l}`] ? [[l, String(f[`${prefix}_${l}`])]] : [])));

/** The form's fields as an EventInput, or the message of each field that is wrong. */
export function parseEventForm(
  fields: Record<string, string>,
): { ok: true; input: EventInput } | { ok: false; fields: Record<string, MessageKey> } {
  const blank = Object.fromEntries(Object.keys(formSchema.shape).map((k) => [k, '']));
  // A form without the series field (or left empty) schedules one session.
  const parsed = formSchema.safeParse({ ...blank, ...fields, repeatWeeks: fields.repeatWeeks || '1' });
  if (!parsed.success) {
    const out: Record<string, MessageKey> = {};
    for (const i of parsed.error.issues) {
      const key = String(i.path[0]);
      out[key] ??= (i.message.startsWith('event.error.') ? i.message : 'event.error.invalid') as MessageKey;
    }
    return { ok: false, fields: out };
  }
  const f = parsed.data;
  const [startsAt, endsAt] = sessionInstants(f)!;
  const signupDeadline = f.deadlineDate ? fromKazakhstanWallClock(f.deadlineDate, f.deadlineTime || '23:59') : null;
  return {
    ok: true,
    input: {
      kind: f.kind,
      title: pick(f, 'title'),
      description: pick(f, 'description'),
      place: f.place,
      mapUrl: f.mapUrl,
      onlineUrl: f.onlineUrl,
      startsAt,
      endsAt,
      capacity: f.capacity,
      signupDeadline,
      audience: f.audience,
      cohortId: f.audience === 'cohort' ? f.cohortId : null,
      course: f.course,
      sessionKey: f.sessionKey,
      competencies: f.competencies,
      repeatWeeks: f.repeatWeeks,
    },
  };
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The sessions of a weekly series: the first as given, each next one week later (deadline too). */
export function expandSeries(input: EventInput): Omit<EventInput, 'repeatWeeks'>[] {
  const { repeatWeeks, ...one } = input;
  const shift = (d: Date | null, n: number) => (d ? new Date(d.getTime() + n * WEEK_MS) : null);
  return Array.from({ length: repeatWeeks }, (_, n) => ({
    ...one,
    startsAt: shift(one.startsAt, n)!,
    endsAt: shift(one.endsAt, n)!,
    signupDeadline: shift(one.signupDeadline, n),
  }));
}

/** A session as the change form's values (dates and times in Almaty). */
export function editValues(event: EventRow): Record<string, string> {
  const texts = Object.fromEntries(
    LANGS.flatMap((l) => [
      [`title_${l}`, event.title[l] ?? ''],
      [`description_${l}`, event.description[l] ?? ''],
    ]),
  );
  return {
    ...texts,
    kind: event.kind,
    place: event.place ?? '',
    mapUrl: event.mapUrl ?? '',
    onlineUrl: event.onlineUrl ?? '',
    date: kazakhstanDate(event.startsAt),
    endDate: kazakhstanDate(event.endsAt) === kazakhstanDate(event.startsAt) ? '' : kazakhstanDate(event.endsAt),
    startTime: kazakhstanTime(event.startsAt),
    endTime: kazakhstanTime(event.endsAt),
    capacity: String(event.capacity),
    deadlineDate: event.signupDeadline ? kazakhstanDate(event.signupDeadline) : '',
    deadlineTime: event.signupDeadline ? kazakhstanTime(event.signupDeadline) : '',
  };
}
