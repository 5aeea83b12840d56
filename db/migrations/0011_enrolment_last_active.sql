ALTER TABLE `enrollments` ADD `last_active_at` integer;--> statement-breakpoint
-- A trainee's last activity in a course (a lesson done or a quiz attempt: decision 022), kept on
-- the enrolment so that dashboards read the `(course, last_active_at)` index instead of probing
-- every enrolment's progress and attempts. Written by hand (drizzle-kit does not model
-- triggers); src/lib/reports/course-counts.server.ts recomputes it the same way.
-- Filled from the stored rows first, in one pass over each table (before the index exists).
UPDATE enrollments SET last_active_at = a.at
FROM (SELECT user_id, course, max(at) AS at FROM (
    SELECT user_id, course, max(completed_at) AS at FROM lesson_progress GROUP BY user_id, course
    UNION ALL
    SELECT user_id, course, max(submitted_at) FROM quiz_attempts GROUP BY user_id, course)
  GROUP BY user_id, course) a
WHERE enrollments.user_id = a.user_id AND enrollments.course = a.course;--> statement-breakpoint
CREATE INDEX `enrollments_course_active_idx` ON `enrollments` (`course`,`last_active_at`);--> statement-breakpoint
-- A new enrolment starts from the progress and attempts already stored for it.
CREATE TRIGGER `enrollments_activity_insert` AFTER INSERT ON `enrollments` BEGIN
  UPDATE enrollments SET last_active_at = (SELECT max(at) FROM (
      SELECT max(lp.completed_at) AS at FROM lesson_progress lp WHERE lp.user_id = NEW.user_id AND lp.course = NEW.course
      UNION ALL
      SELECT max(qa.submitted_at) FROM quiz_attempts qa WHERE qa.user_id = NEW.user_id AND qa.course = NEW.course))
  WHERE user_id = NEW.user_id AND course = NEW.course;
END;
--> statement-breakpoint
CREATE TRIGGER `lesson_progress_activity_insert` AFTER INSERT ON `lesson_progress` BEGIN
  UPDATE enrollments SET last_active_at = max(coalesce(last_active_at, NEW.completed_at), NEW.completed_at)
  WHERE user_id = NEW.user_id AND course = NEW.course;
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_activity_insert` AFTER INSERT ON `quiz_attempts` BEGIN
  UPDATE enrollments SET last_active_at = max(coalesce(last_active_at, NEW.submitted_at), NEW.submitted_at)
  WHERE user_id = NEW.user_id AND course = NEW.course;
END;
--> statement-breakpoint
-- A row removed (or its time changed) may have been the latest: take the latest of the rest.
CREATE TRIGGER `lesson_progress_activity_delete` AFTER DELETE ON `lesson_progress` BEGIN
  UPDATE enrollments SET last_active_at = (SELECT max(at) FROM (
      SELECT max(lp.completed_at) AS at FROM lesson_progress lp WHERE lp.user_id = OLD.user_id AND lp.course = OLD.course
      UNION ALL
      SELECT max(qa.submitted_at) FROM quiz_attempts qa WHERE qa.user_id = OLD.user_id AND qa.course = OLD.course))
  WHERE user_id = OLD.user_id AND course = OLD.course;
END;
--> statement-breakpoint
CREATE TRIGGER `lesson_progress_activity_update` AFTER UPDATE OF completed_at ON `lesson_progress` BEGIN
  UPDATE enrollments SET last_active_at = (SELECT max(at) FROM (
      SELECT max(lp.completed_at) AS at FROM lesson_progress lp WHERE lp.user_id = NEW.user_id AND lp.course = NEW.course
      UNION ALL
      SELECT max(qa.submitted_at) FROM quiz_attempts qa WHERE qa.user_id = NEW.user_id AND qa.course = NEW.course))
  WHERE user_id = NEW.user_id AND course = NEW.course;
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_activity_delete` AFTER DELETE ON `quiz_attempts` BEGIN
  UPDATE enrollments SET last_active_at = (SELECT max(at) FROM (
      SELECT max(lp.completed_at) AS at FROM lesson_progress lp WHERE lp.user_id = OLD.user_id AND lp.course = OLD.course
      UNION ALL
      SELECT max(qa.submitted_at) FROM quiz_attempts qa WHERE qa.user_id = OLD.user_id AND qa.course = OLD.course))
  WHERE user_id = OLD.user_id AND course = OLD.course;
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_activity_update` AFTER UPDATE OF submitted_at ON `quiz_attempts` BEGIN
  UPDATE enrollments SET last_active_at = (SELECT max(at) FROM (
      SELECT max(lp.completed_at) AS at FROM lesson_progress lp WHERE lp.user_id = NEW.user_id AND lp.course = NEW.course
      UNION ALL
      SELECT max(qa.submitted_at) FROM quiz_attempts qa WHERE qa.user_id = NEW.user_id AND qa.course = NEW.course))
  WHERE user_id = NEW.user_id AND course = NEW.course;
END;
