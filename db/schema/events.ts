/**
 * Face-to-face and online sessions (seminars, study visits, dialogue forums, webinars), their
 * sign-ups with a waiting list, and attendance (docs/decisions/036). Called "events" in code so
 * they are never confused with the sign-in `sessions` table; people read "sessions".
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cohorts, users } from '../schema.ts';

export const EVENT_KINDS = ['seminar', 'study_visit', 'dialogue_forum', 'webinar'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** Who may see and sign up: a cohort's members, a course's enrolled trainees, or everyone with an account. */
export const EVENT_AUDIENCES = ['cohort', 'course', 'everyone'] as const;
export type EventAudience = (typeof EVENT_AUDIENCES)[number];
export const SIGNUP_STATES = ['signed_up', 'waiting', 'cancelled'] as const;
export type SignupState = (typeof SIGNUP_STATES)[number];
export const ATTENDANCE_MARKS = ['present', 'absent', 'excused'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];

/** Text in the languages the organiser wrote, e.g. `{ "ru": "…", "kk": "…" }`. */
export type EventText = Partial<Record<'kk' | 'ru' | 'en', string>>;

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    title: text('title', { mode: 'json' }).$type<EventText>().notNull(),
    description: text('description', { mode: 'json' }).$type<EventText>().notNull(),
    /** The street address (shown to those signed up only), or null for an online session. */
    place: text('place'),
    /** A map link for the address (shown with it). */
    mapUrl: text('map_url'),
    /** The meeting link of an online session (shown to those signed up only). */
    onlineUrl: text('online_url'),
    /** Instants; pages show them in Kazakhstan time (Asia/Almaty). */
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    capacity: integer('capacity').notNull(),
    /** After this instant no one signs up (cancelling stays possible); null: until the start. */
    signupDeadline: integer('signup_deadline', { mode: 'timestamp_ms' }),
    audience: text('audience', { enum: EVENT_AUDIENCES }).notNull(),
    /** The cohort whose members may sign up (audience `cohort`). */
    cohortId: text('cohort_id').references(() => cohorts.id, { onDelete: 'set null' }),
    /** The course it belongs to and counts for (attendance completes `sessions: { attend: N }`). */
    course: text('course'),
    /** Sessions created together as a weekly series share this id. */
    seriesId: text('series_id'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set when cancelled: the session stays visible as cancelled and takes no sign-ups. */
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    /**
     * How many times the session was changed: the `.ics` SEQUENCE (a cancellation adds one more),
     * which calendars need raised to take an update of a copy they already hold.
     */
    sequence: integer('sequence').notNull().default(0),
    /** When the day-before reminder went out (so `oqu send-reminders` sends it once); cleared when the start moves. */
    remindedAt: integer('reminded_at', { mode: 'timestamp_ms' }),
    /**
     * The secret behind the check-in QR code (docs/decisions/044): its codes are HMACs of the
     * session and the minute under this key. Made when the trainer first shows the code.
     */
    checkinKey: text('checkin_key'),
    /**
     * A stable name the trainer gives the session from the names its course's rule lists
     * (`sessions: { named: ['kickoff'] }`): attending any session of the course with that name
     * meets that part of the rule (docs/decisions/044).
     */
    sessionKey: text('session_key'),
    /** Competency ids (from courses/_frameworks) attending the session gives evidence of. */
    competencies: text('competencies', { mode: 'json' }).$type<string[]>(),
  },
  (t) => [
    index('events_starts_idx').on(t.startsAt),
    index('events_audience_starts_idx').on(t.audience, t.startsAt),
    index('events_cohort_starts_idx').on(t.cohortId, t.startsAt),
    index('events_course_starts_idx').on(t.course, t.startsAt),
    index('events_series_idx').on(t.seriesId),
    check('events_capacity_check', sql`${t.capacity} >= 1`),
    check('events_times_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);
export type EventRow = typeof events.$inferSelect;

/**
 * One person's place at a session: signed up, waiting (in `position` order) or cancelled, and the
 * attendance the trainer marked. One row per person and session, so no one is signed up twice.
 */
export const eventSignups = sqliteTable(
  'event_signups',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: SIGNUP_STATES }).notNull(),
    /** Order of sign-up within the session (1, 2, …): the waiting list moves up in this order. */
    position: integer('position').notNull(),
    signedUpAt: integer('signed_up_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    attendance: text('attendance', { enum: ATTENDANCE_MARKS }),
    markedAt: integer('marked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId] }),
    index('event_signups_event_status_idx').on(t.eventId, t.status, t.position),
    index('event_signups_user_idx').on(t.userId, t.status),
    check('event_signups_status_check', sql`${t.status} in ('signed_up', 'waiting', 'cancelled')`),
  ],
);
export type EventSignupRow = typeof eventSignups.$inferSelect;

/** Each user's private calendar feed: the SHA-256 of its secret token (reset makes a new one). */
export const calendarFeeds = sqliteTable('calendar_feeds', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});
