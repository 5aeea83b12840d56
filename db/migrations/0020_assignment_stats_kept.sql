CREATE TABLE `assignment_level_counts` (
	`course` text NOT NULL,
	`assignment` text NOT NULL,
	`criterion` text NOT NULL,
	`level` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`course`, `assignment`, `criterion`, `level`)
);
--> statement-breakpoint
ALTER TABLE `submissions` ADD `review_wait_ms` integer;--> statement-breakpoint
CREATE INDEX `submissions_review_wait_idx` ON `submissions` (`course`,`assignment`,`review_wait_ms`,`state`) WHERE review_wait_ms IS NOT NULL;--> statement-breakpoint
CREATE INDEX `submissions_cohort_idx` ON `submissions` (`cohort_id`,`assignment`,`state`) WHERE cohort_id IS NOT NULL;
--> statement-breakpoint
-- The course dashboard's assignment table without reading every submission's versions and every
-- review's levels on each view (docs/benchmarks.md: 1.8 s on 300,000 submissions). Written by hand
-- (drizzle-kit does not model triggers); src/lib/reports/assignment-stats.server.ts counts a
-- cohort's figures from the rows themselves, the same way these keep the course's.
-- The wait: the first trainer review's time minus the first version's hand-in.
UPDATE submissions SET review_wait_ms = (
    SELECT min(r.created_at) FROM submission_reviews r WHERE r.submission_id = submissions.id AND r.role = 'trainer')
  - (SELECT v.submitted_at FROM submission_versions v WHERE v.submission_id = submissions.id AND v.number = 1);
--> statement-breakpoint
INSERT INTO assignment_level_counts (course, assignment, criterion, level, count)
SELECT s.course, s.assignment, l.key, l.value, count(*)
FROM submission_reviews r JOIN submissions s ON s.id = r.submission_id JOIN json_each(r.levels) l
WHERE r.role = 'trainer'
GROUP BY s.course, s.assignment, l.key, l.value;
--> statement-breakpoint
CREATE TRIGGER `submission_reviews_kept_insert` AFTER INSERT ON `submission_reviews` WHEN NEW.role = 'trainer' BEGIN
  UPDATE submissions SET review_wait_ms = (
      SELECT min(r.created_at) FROM submission_reviews r WHERE r.submission_id = NEW.submission_id AND r.role = 'trainer')
    - (SELECT v.submitted_at FROM submission_versions v WHERE v.submission_id = NEW.submission_id AND v.number = 1)
  WHERE id = NEW.submission_id;
  INSERT INTO assignment_level_counts (course, assignment, criterion, level, count)
  SELECT s.course, s.assignment, l.key, l.value, 1 FROM submissions s, json_each(NEW.levels) l
  WHERE s.id = NEW.submission_id
  ON CONFLICT (course, assignment, criterion, level) DO UPDATE SET count = count + 1;
END;
--> statement-breakpoint
-- A review removed on its own (its submission still there): take it out of the counts and the wait.
-- When a submission is deleted, its reviews go by cascade after it, so these find no submission and
-- change nothing: submissions_kept_delete below has already taken them out.
CREATE TRIGGER `submission_reviews_kept_delete` AFTER DELETE ON `submission_reviews` WHEN OLD.role = 'trainer' BEGIN
  UPDATE submissions SET review_wait_ms = (
      SELECT min(r.created_at) FROM submission_reviews r WHERE r.submission_id = OLD.submission_id AND r.role = 'trainer')
    - (SELECT v.submitted_at FROM submission_versions v WHERE v.submission_id = OLD.submission_id AND v.number = 1)
  WHERE id = OLD.submission_id;
  UPDATE assignment_level_counts SET count = count - 1
  WHERE (course, assignment, criterion, level) IN (
    SELECT s.course, s.assignment, l.key, l.value FROM submissions s, json_each(OLD.levels) l
    WHERE s.id = OLD.submission_id);
END;
--> statement-breakpoint
CREATE TRIGGER `submission_reviews_kept_update` AFTER UPDATE OF levels, role ON `submission_reviews` BEGIN
  UPDATE assignment_level_counts SET count = count - 1
  WHERE OLD.role = 'trainer' AND (course, assignment, criterion, level) IN (
    SELECT s.course, s.assignment, l.key, l.value FROM submissions s, json_each(OLD.levels) l
    WHERE s.id = OLD.submission_id);
  INSERT INTO assignment_level_counts (course, assignment, criterion, level, count)
  SELECT s.course, s.assignment, l.key, l.value, 1 FROM submissions s, json_each(NEW.levels) l
  WHERE NEW.role = 'trainer' AND s.id = NEW.submission_id
  ON CONFLICT (course, assignment, criterion, level) DO UPDATE SET count = count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_kept_delete` BEFORE DELETE ON `submissions` BEGIN
  UPDATE assignment_level_counts SET count = count - (
      SELECT count(*) FROM submission_reviews r, json_each(r.levels) l
      WHERE r.submission_id = OLD.id AND r.role = 'trainer'
        AND l.key = assignment_level_counts.criterion AND l.value = assignment_level_counts.level)
  WHERE course = OLD.course AND assignment = OLD.assignment;
END;
--> statement-breakpoint
-- The first version's hand-in time set (or changed) after a decision: the wait follows.
CREATE TRIGGER `submission_versions_kept_update` AFTER UPDATE OF submitted_at ON `submission_versions`
WHEN NEW.number = 1 BEGIN
  UPDATE submissions SET review_wait_ms = (
      SELECT min(r.created_at) FROM submission_reviews r WHERE r.submission_id = NEW.submission_id AND r.role = 'trainer')
    - NEW.submitted_at
  WHERE id = NEW.submission_id;
END;
