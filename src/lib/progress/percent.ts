/**
 * The one definition of a trainee's progress in a course, used by every page that shows a
 * percentage: the course dashboard and its CSV, "My learning" and the course page
 * (docs/decisions/022-one-progress-definition.md).
 *
 * A completed course (its completion rule met once: enrollments.completed_at) is 100 %.
 * Before that, progress is the lessons marked done that the course still has over the
 * course's lessons, as a whole percentage rounded down and at most 99, so 2 of 3 is 66 %
 * (never 67 %) and 100 % always means "completed". Quizzes do not weigh in the percentage;
 * what is still missing for completion is listed on the course page.
 *
 * The dashboard takes `lessonsDone` from the count the database keeps on each enrolment
 * (enrollments.lessons_done, decision 008); the trainee's own pages count their done lessons.
 * Both count only lessons the course still has, so the two always agree.
 */

/** 0..100: 100 when completed, else lessons done over lessons rounded down, at most 99. */
export function progressPercent(lessonsDone: number, lessonCount: number, completed: boolean): number {
  if (completed) return 100;
  if (lessonCount <= 0 || lessonsDone <= 0) return 0;
  // Integer arithmetic: (29 / 100) * 100 is 28.999999999999996 in floating point.
  return Math.min(99, Math.floor((lessonsDone * 100) / lessonCount));
}
