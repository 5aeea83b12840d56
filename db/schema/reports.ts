/**
 * The programme report's face-to-face and competency figures kept on write (decision 050; the
 * other report figures are in `programme_counts`, decision 008). Triggers written by hand in
 * migration 0028 keep them in step with the rows they count (the app writes only the course
 * fields and the demonstrations); src/lib/reports/kept-figures.server.ts reads them.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../schema.ts';

/**
 * The programme field of each course as the report knows it (from course.yaml, synced by
 * `syncReportCourseFields`); a course not listed (a session without a course, a removed course)
 * counts under field ''. A change here moves that course's attendance to the new field.
 */
export const reportCourseFields = sqliteTable('report_course_fields', {
  course: text('course').primaryKey(),
  field: text('field').notNull(),
});

/**
 * One row per mark of "present" (signed up, not cancelled) at a session that is not cancelled,
 * with what the report groups it by: the field of the session's course, the person's region
 * ('' for none) and the session's Almaty month. Kept by triggers on event_signups, events,
 * users.region and report_course_fields.
 */
export const reportAttendance = sqliteTable(
  'report_attendance',
  {
    eventId: text('event_id').notNull(),
    userId: text('user_id').notNull(),
    field: text('field').notNull(),
    region: text('region').notNull(),
    /** `YYYY-MM`, Almaty time, of the session's start. */
    month: text('month').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId] }),
    index('report_attendance_group_idx').on(t.field, t.region, t.month, t.userId),
    index('report_attendance_user_idx').on(t.userId, t.month),
  ],
);

/**
 * One row per competency a trainee has demonstrated (groups left out), in the Almaty month and
 * under the field the rule of src/lib/competencies/demonstrated.ts gives, with the trainee's
 * region ('' for none). Written by the app from the evidence of the trainees in
 * `report_competency_pending`; the region follows users.region by trigger.
 */
export const reportDemonstrations = sqliteTable(
  'report_demonstrations',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    competency: text('competency').notNull(),
    field: text('field').notNull(),
    region: text('region').notNull(),
    month: text('month').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.competency] }),
    index('report_demonstrations_group_idx').on(t.field, t.region, t.month, t.userId),
  ],
);

/**
 * Trainees whose demonstrations must be worked out again: marked by triggers on the evidence
 * (quiz attempts, submissions, reviews, settings by hand); `seq` grows with each mark, so a
 * mark made while the app was working them out is not lost.
 */
export const reportCompetencyPending = sqliteTable('report_competency_pending', {
  userId: text('user_id').primaryKey(),
  seq: integer('seq').notNull(),
});

/** What the kept demonstrations were worked out from (a digest of the courses and frameworks), by name. */
export const reportKeptDigests = sqliteTable('report_kept_digests', {
  name: text('name').primaryKey(),
  digest: text('digest').notNull(),
});

/**
 * The report's figures per section ('attendance', 'competencies'), field, region and month:
 * `items` (sessions with someone present; competencies demonstrated) and `people` (different
 * people in the group). Kept by triggers on report_attendance and report_demonstrations.
 */
export const reportKeptGroups = sqliteTable(
  'report_kept_groups',
  {
    section: text('section').notNull(),
    field: text('field').notNull(),
    region: text('region').notNull(),
    month: text('month').notNull(),
    items: integer('items').notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.section, t.field, t.region, t.month] })],
);

/**
 * Different people over any range of months without reading them: per section, each person's
 * months counted under (month, the person's previous month in that section, '' for none). The
 * people of months `from`..`to` are the rows of those months whose previous month is before `from`.
 */
export const reportKeptFirsts = sqliteTable(
  'report_kept_firsts',
  {
    section: text('section').notNull(),
    month: text('month').notNull(),
    prev: text('prev').notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.section, t.month, t.prev] })],
);
