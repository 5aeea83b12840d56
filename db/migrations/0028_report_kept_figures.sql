CREATE TABLE `report_attendance` (
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`field` text NOT NULL,
	`region` text NOT NULL,
	`month` text NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `report_attendance_group_idx` ON `report_attendance` (`field`,`region`,`month`,`user_id`);--> statement-breakpoint
CREATE INDEX `report_attendance_user_idx` ON `report_attendance` (`user_id`,`month`);--> statement-breakpoint
CREATE TABLE `report_competency_pending` (
	`user_id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_course_fields` (
	`course` text PRIMARY KEY NOT NULL,
	`field` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_demonstrations` (
	`user_id` text NOT NULL,
	`competency` text NOT NULL,
	`field` text NOT NULL,
	`region` text NOT NULL,
	`month` text NOT NULL,
	PRIMARY KEY(`user_id`, `competency`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_demonstrations_group_idx` ON `report_demonstrations` (`field`,`region`,`month`,`user_id`);--> statement-breakpoint
CREATE TABLE `report_kept_digests` (
	`name` text PRIMARY KEY NOT NULL,
	`digest` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_kept_firsts` (
	`section` text NOT NULL,
	`month` text NOT NULL,
	`prev` text NOT NULL,
	`people` integer NOT NULL,
	PRIMARY KEY(`section`, `month`, `prev`)
);
--> statement-breakpoint
CREATE TABLE `report_kept_groups` (
	`section` text NOT NULL,
	`field` text NOT NULL,
	`region` text NOT NULL,
	`month` text NOT NULL,
	`items` integer NOT NULL,
	`people` integer NOT NULL,
	PRIMARY KEY(`section`, `field`, `region`, `month`)
);
--> statement-breakpoint
-- The report's face-to-face and competency figures kept on write (written by hand: drizzle-kit does not
-- model triggers; decision 050). report_attendance mirrors every mark of "present" at a session that is not
-- cancelled; report_kept_groups and report_kept_firsts are counted from it and from report_demonstrations
-- (which the app writes for the trainees in report_competency_pending). Each trigger takes back what a row
-- counted for before a change and adds what it counts for after. tests/integration/report-kept-figures.test.ts
-- checks them against hand-computed figures. What is already stored, first:
INSERT INTO report_attendance (event_id, user_id, field, region, month)
  SELECT s.event_id, s.user_id, coalesce((SELECT f.field FROM report_course_fields f WHERE f.course = e.course), ''),
    coalesce(u.region, ''), strftime('%Y-%m', (e.starts_at + 18000000) / 1000, 'unixepoch')
  FROM event_signups s JOIN events e ON e.id = s.event_id JOIN users u ON u.id = s.user_id
  WHERE 1 = 1 AND s.status = 'signed_up' AND s.attendance = 'present' AND e.cancelled_at IS NULL;
--> statement-breakpoint
INSERT INTO report_kept_groups (section, field, region, month, items, people)
  SELECT 'attendance', field, region, month, count(DISTINCT event_id), count(DISTINCT user_id)
  FROM report_attendance GROUP BY field, region, month;
--> statement-breakpoint
INSERT INTO report_kept_firsts (section, month, prev, people)
  SELECT 'attendance', month, coalesce(prev, ''), count(*) FROM (
    SELECT month, lag(month) OVER (PARTITION BY user_id ORDER BY month) AS prev
    FROM (SELECT DISTINCT user_id, month FROM report_attendance))
  GROUP BY month, coalesce(prev, '');
--> statement-breakpoint
CREATE TRIGGER `report_attendance_insert` AFTER INSERT ON `report_attendance` BEGIN
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  VALUES ('attendance', NEW.field, NEW.region, NEW.month, (SELECT count(*) = 1 FROM report_attendance a WHERE a.event_id = NEW.event_id AND a.field = NEW.field AND a.region = NEW.region AND a.month = NEW.month), (SELECT count(*) = 1 FROM report_attendance a WHERE a.field = NEW.field AND a.region = NEW.region AND a.month = NEW.month AND a.user_id = NEW.user_id))
  ON CONFLICT (section, field, region, month) DO UPDATE SET items = items + excluded.items, people = people + excluded.people;
  INSERT INTO report_kept_firsts (section, month, prev, people)
  SELECT 'attendance', x.month, x.prev, x.n FROM (
    SELECT NEW.month AS month, coalesce((SELECT max(a.month) FROM report_attendance a WHERE a.user_id = NEW.user_id AND a.month < NEW.month), '') AS prev, 1 AS n
    UNION ALL SELECT (SELECT min(a.month) FROM report_attendance a WHERE a.user_id = NEW.user_id AND a.month > NEW.month), coalesce((SELECT max(a.month) FROM report_attendance a WHERE a.user_id = NEW.user_id AND a.month < NEW.month), ''), -1
    UNION ALL SELECT (SELECT min(a.month) FROM report_attendance a WHERE a.user_id = NEW.user_id AND a.month > NEW.month), NEW.month, 1) x
  WHERE x.month IS NOT NULL AND (SELECT count(*) FROM report_attendance a WHERE a.user_id = NEW.user_id AND a.month = NEW.month) = 1
  ON CONFLICT (section, month, prev) DO UPDATE SET people = people + excluded.people;
END;
--> statement-breakpoint
CREATE TRIGGER `report_attendance_delete` AFTER DELETE ON `report_attendance` BEGIN
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  VALUES ('attendance', OLD.field, OLD.region, OLD.month, -(NOT EXISTS (SELECT 1 FROM report_attendance a WHERE a.event_id = OLD.event_id AND a.field = OLD.field AND a.region = OLD.region AND a.month = OLD.month)), -(NOT EXISTS (SELECT 1 FROM report_attendance a WHERE a.field = OLD.field AND a.region = OLD.region AND a.month = OLD.month AND a.user_id = OLD.user_id)))
  ON CONFLICT (section, field, region, month) DO UPDATE SET items = items + excluded.items, people = people + excluded.people;
  INSERT INTO report_kept_firsts (section, month, prev, people)
  SELECT 'attendance', x.month, x.prev, x.n FROM (
    SELECT OLD.month AS month, coalesce((SELECT max(a.month) FROM report_attendance a WHERE a.user_id = OLD.user_id AND a.month < OLD.month), '') AS prev, -1 AS n
    UNION ALL SELECT (SELECT min(a.month) FROM report_attendance a WHERE a.user_id = OLD.user_id AND a.month > OLD.month), coalesce((SELECT max(a.month) FROM report_attendance a WHERE a.user_id = OLD.user_id AND a.month < OLD.month), ''), 1
    UNION ALL SELECT (SELECT min(a.month) FROM report_attendance a WHERE a.user_id = OLD.user_id AND a.month > OLD.month), OLD.month, -1) x
  WHERE x.month IS NOT NULL AND NOT EXISTS (SELECT 1 FROM report_attendance a WHERE a.user_id = OLD.user_id AND a.month = OLD.month)
  ON CONFLICT (section, month, prev) DO UPDATE SET people = people + excluded.people;
END;
--> statement-breakpoint
CREATE TRIGGER `report_attendance_update` AFTER UPDATE OF region ON `report_attendance`
  WHEN OLD.region IS NOT NEW.region BEGIN
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  VALUES ('attendance', OLD.field, OLD.region, OLD.month, -(NOT EXISTS (SELECT 1 FROM report_attendance a WHERE a.event_id = OLD.event_id AND a.field = OLD.field AND a.region = OLD.region AND a.month = OLD.month)), -(NOT EXISTS (SELECT 1 FROM report_attendance a WHERE a.field = OLD.field AND a.region = OLD.region AND a.month = OLD.month AND a.user_id = OLD.user_id)))
  ON CONFLICT (section, field, region, month) DO UPDATE SET items = items + excluded.items, people = people + excluded.people;
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  VALUES ('attendance', NEW.field, NEW.region, NEW.month, (SELECT count(*) = 1 FROM report_attendance a WHERE a.event_id = NEW.event_id AND a.field = NEW.field AND a.region = NEW.region AND a.month = NEW.month), (SELECT count(*) = 1 FROM report_attendance a WHERE a.field = NEW.field AND a.region = NEW.region AND a.month = NEW.month AND a.user_id = NEW.user_id))
  ON CONFLICT (section, field, region, month) DO UPDATE SET items = items + excluded.items, people = people + excluded.people;
END;
--> statement-breakpoint
CREATE TRIGGER `report_demonstrations_insert` AFTER INSERT ON `report_demonstrations` BEGIN
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  VALUES ('competencies', NEW.field, NEW.region, NEW.month, 1, (SELECT count(*) = 1 FROM report_demonstrations a WHERE a.field = NEW.field AND a.region = NEW.region AND a.month = NEW.month AND a.user_id = NEW.user_id))
  ON CONFLICT (section, field, region, month) DO UPDATE SET items = items + excluded.items, people = people + excluded.people;
  INSERT INTO report_kept_firsts (section, month, prev, people)
  SELECT 'competencies', x.month, x.prev, x.n FROM (
    SELECT NEW.month AS month, coalesce((SELECT max(a.month) FROM report_demonstrations a WHERE a.user_id = NEW.user_id AND a.month < NEW.month), '') AS prev, 1 AS n
    UNION ALL SELECT (SELECT min(a.month) FROM report_demonstrations a WHERE a.user_id = NEW.user_id AND a.month > NEW.month), coalesce((SELECT max(a.month) FROM report_demonstrations a WHERE a.user_id = NEW.user_id AND a.month < NEW.month), ''), -1
    UNION ALL SELECT (SELECT min(a.month) FROM report_demonstrations a WHERE a.user_id = NEW.user_id AND a.month > NEW.month), NEW.month, 1) x
  WHERE x.month IS NOT NULL AND (SELECT count(*) FROM report_demonstrations a WHERE a.user_id = NEW.user_id AND a.month = NEW.month) = 1
  ON CONFLICT (section, month, prev) DO UPDATE SET people = people + excluded.people;
END;
--> statement-breakpoint
CREATE TRIGGER `report_demonstrations_delete` AFTER DELETE ON `report_demonstrations` BEGIN
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  VALUES ('competencies', OLD.field, OLD.region, OLD.month, -1, -(NOT EXISTS (SELECT 1 FROM report_demonstrations a WHERE a.field = OLD.field AND a.region = OLD.region AND a.month = OLD.month AND a.user_id = OLD.user_id)))
  ON CONFLICT (section, field, region, month) DO UPDATE SET items = items + excluded.items, people = people + excluded.people;
  INSERT INTO report_kept_firsts (section, month, prev, people)
  SELECT 'competencies', x.month, x.prev, x.n FROM (
    SELECT OLD.month AS month, coalesce((SELECT max(a.month) FROM report_demonstrations a WHERE a.user_id = OLD.user_id AND a.month < OLD.month), '') AS prev, -1 AS n
    UNION ALL SELECT (SELECT min(a.month) FROM report_demonstrations a WHERE a.user_id = OLD.user_id AND a.month > OLD.month), coalesce((SELECT max(a.month) FROM report_demonstrations a WHERE a.user_id = OLD.user_id AND a.month < OLD.month), ''), 1
    UNION ALL SELECT (SELECT min(a.month) FROM report_demonstrations a WHERE a.user_id = OLD.user_id AND a.month > OLD.month), OLD.month, -1) x
  WHERE x.month IS NOT NULL AND NOT EXISTS (SELECT 1 FROM report_demonstrations a WHERE a.user_id = OLD.user_id AND a.month = OLD.month)
  ON CONFLICT (section, month, prev) DO UPDATE SET people = people + excluded.people;
END;
--> statement-breakpoint
CREATE TRIGGER `report_demonstrations_update` AFTER UPDATE OF field, region ON `report_demonstrations`
  WHEN OLD.field IS NOT NEW.field OR OLD.region IS NOT NEW.region BEGIN
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  VALUES ('competencies', OLD.field, OLD.region, OLD.month, -1, -(NOT EXISTS (SELECT 1 FROM report_demonstrations a WHERE a.field = OLD.field AND a.region = OLD.region AND a.month = OLD.month AND a.user_id = OLD.user_id)))
  ON CONFLICT (section, field, region, month) DO UPDATE SET items = items + excluded.items, people = people + excluded.people;
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  VALUES ('competencies', NEW.field, NEW.region, NEW.month, 1, (SELECT count(*) = 1 FROM report_demonstrations a WHERE a.field = NEW.field AND a.region = NEW.region AND a.month = NEW.month AND a.user_id = NEW.user_id))
  ON CONFLICT (section, field, region, month) DO UPDATE SET items = items + excluded.items, people = people + excluded.people;
END;
--> statement-breakpoint
CREATE TRIGGER `report_attendance_fixed` BEFORE UPDATE OF event_id, user_id, month ON `report_attendance`
  WHEN OLD.event_id IS NOT NEW.event_id OR OLD.user_id IS NOT NEW.user_id OR OLD.month IS NOT NEW.month BEGIN
  SELECT RAISE(ABORT, 'report_attendance: delete and insert instead of changing event_id, user_id, month');
END;
--> statement-breakpoint
CREATE TRIGGER `report_demonstrations_fixed` BEFORE UPDATE OF user_id, competency, month ON `report_demonstrations`
  WHEN OLD.user_id IS NOT NEW.user_id OR OLD.competency IS NOT NEW.competency OR OLD.month IS NOT NEW.month BEGIN
  SELECT RAISE(ABORT, 'report_demonstrations: delete and insert instead of changing user_id, competency, month');
END;
--> statement-breakpoint
CREATE TRIGGER `report_signups_insert` AFTER INSERT ON `event_signups`
  WHEN NEW.status = 'signed_up' AND NEW.attendance = 'present' BEGIN
  INSERT INTO report_attendance (event_id, user_id, field, region, month)
  SELECT s.event_id, s.user_id, coalesce((SELECT f.field FROM report_course_fields f WHERE f.course = e.course), ''),
    coalesce(u.region, ''), strftime('%Y-%m', (e.starts_at + 18000000) / 1000, 'unixepoch')
  FROM event_signups s JOIN events e ON e.id = s.event_id JOIN users u ON u.id = s.user_id
  WHERE s.event_id = NEW.event_id AND s.user_id = NEW.user_id AND s.status = 'signed_up' AND s.attendance = 'present' AND e.cancelled_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `report_signups_update` AFTER UPDATE OF event_id, user_id, status, attendance ON `event_signups`
  WHEN OLD.event_id IS NOT NEW.event_id OR OLD.user_id IS NOT NEW.user_id OR OLD.status IS NOT NEW.status
    OR OLD.attendance IS NOT NEW.attendance BEGIN
  DELETE FROM report_attendance WHERE event_id = OLD.event_id AND user_id = OLD.user_id;
  INSERT INTO report_attendance (event_id, user_id, field, region, month)
  SELECT s.event_id, s.user_id, coalesce((SELECT f.field FROM report_course_fields f WHERE f.course = e.course), ''),
    coalesce(u.region, ''), strftime('%Y-%m', (e.starts_at + 18000000) / 1000, 'unixepoch')
  FROM event_signups s JOIN events e ON e.id = s.event_id JOIN users u ON u.id = s.user_id
  WHERE s.event_id = NEW.event_id AND s.user_id = NEW.user_id AND s.status = 'signed_up' AND s.attendance = 'present' AND e.cancelled_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `report_signups_delete` AFTER DELETE ON `event_signups` BEGIN
  DELETE FROM report_attendance WHERE event_id = OLD.event_id AND user_id = OLD.user_id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_events_update` AFTER UPDATE OF course, starts_at, cancelled_at ON `events`
  WHEN OLD.course IS NOT NEW.course OR OLD.starts_at IS NOT NEW.starts_at
    OR (OLD.cancelled_at IS NULL) <> (NEW.cancelled_at IS NULL) BEGIN
  DELETE FROM report_attendance WHERE event_id = NEW.id;
  INSERT INTO report_attendance (event_id, user_id, field, region, month)
  SELECT s.event_id, s.user_id, coalesce((SELECT f.field FROM report_course_fields f WHERE f.course = e.course), ''),
    coalesce(u.region, ''), strftime('%Y-%m', (e.starts_at + 18000000) / 1000, 'unixepoch')
  FROM event_signups s JOIN events e ON e.id = s.event_id JOIN users u ON u.id = s.user_id
  WHERE s.event_id = NEW.id AND s.status = 'signed_up' AND s.attendance = 'present' AND e.cancelled_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `report_events_delete` AFTER DELETE ON `events` BEGIN
  DELETE FROM report_attendance WHERE event_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_users_region` AFTER UPDATE OF region ON `users` WHEN OLD.region IS NOT NEW.region BEGIN
  UPDATE report_attendance SET region = coalesce(NEW.region, '') WHERE user_id = NEW.id;
  UPDATE report_demonstrations SET region = coalesce(NEW.region, '') WHERE user_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_users_delete` AFTER DELETE ON `users` BEGIN
  DELETE FROM report_attendance WHERE user_id = OLD.id;
  DELETE FROM report_demonstrations WHERE user_id = OLD.id;
  DELETE FROM report_competency_pending WHERE user_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_course_fields_insert` AFTER INSERT ON `report_course_fields` BEGIN
  UPDATE report_attendance SET field = NEW.field WHERE event_id IN (SELECT e.id FROM events e WHERE e.course = NEW.course);
  DELETE FROM report_kept_groups WHERE section = 'attendance' AND field IN ('', NEW.field);
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  SELECT 'attendance', field, region, month, count(DISTINCT event_id), count(DISTINCT user_id)
  FROM report_attendance WHERE field IN ('', NEW.field) GROUP BY field, region, month;
END;
--> statement-breakpoint
CREATE TRIGGER `report_course_fields_update` AFTER UPDATE ON `report_course_fields` BEGIN
  UPDATE report_attendance SET field = '' WHERE event_id IN (SELECT e.id FROM events e WHERE e.course = OLD.course);
  UPDATE report_attendance SET field = NEW.field WHERE event_id IN (SELECT e.id FROM events e WHERE e.course = NEW.course);
  DELETE FROM report_kept_groups WHERE section = 'attendance' AND field IN ('', OLD.field, NEW.field);
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  SELECT 'attendance', field, region, month, count(DISTINCT event_id), count(DISTINCT user_id)
  FROM report_attendance WHERE field IN ('', OLD.field, NEW.field) GROUP BY field, region, month;
END;
--> statement-breakpoint
CREATE TRIGGER `report_course_fields_delete` AFTER DELETE ON `report_course_fields` BEGIN
  UPDATE report_attendance SET field = '' WHERE event_id IN (SELECT e.id FROM events e WHERE e.course = OLD.course);
  DELETE FROM report_kept_groups WHERE section = 'attendance' AND field IN ('', OLD.field);
  INSERT INTO report_kept_groups (section, field, region, month, items, people)
  SELECT 'attendance', field, region, month, count(DISTINCT event_id), count(DISTINCT user_id)
  FROM report_attendance WHERE field IN ('', OLD.field) GROUP BY field, region, month;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_quiz_attempts_insert` AFTER INSERT ON `quiz_attempts` WHEN NEW.passed = 1 BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = NEW.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_quiz_attempts_update` AFTER UPDATE ON `quiz_attempts` WHEN OLD.passed = 1 OR NEW.passed = 1 BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = OLD.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = NEW.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_quiz_attempts_delete` AFTER DELETE ON `quiz_attempts` WHEN OLD.passed = 1 BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = OLD.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_submissions_insert` AFTER INSERT ON `submissions` WHEN NEW.state = 'accepted' BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = NEW.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_submissions_update` AFTER UPDATE ON `submissions` WHEN OLD.state = 'accepted' OR NEW.state = 'accepted' BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = OLD.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = NEW.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_submissions_delete` AFTER DELETE ON `submissions` WHEN OLD.state = 'accepted' BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = OLD.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_submission_reviews_insert` AFTER INSERT ON `submission_reviews` BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = (SELECT s.user_id FROM submissions s WHERE s.id = NEW.submission_id AND s.state = 'accepted')
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_submission_reviews_update` AFTER UPDATE ON `submission_reviews` BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = (SELECT s.user_id FROM submissions s WHERE s.id = OLD.submission_id AND s.state = 'accepted')
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = (SELECT s.user_id FROM submissions s WHERE s.id = NEW.submission_id AND s.state = 'accepted')
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_submission_reviews_delete` AFTER DELETE ON `submission_reviews` BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = (SELECT s.user_id FROM submissions s WHERE s.id = OLD.submission_id AND s.state = 'accepted')
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_competency_overrides_insert` AFTER INSERT ON `competency_overrides` BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = NEW.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_competency_overrides_update` AFTER UPDATE ON `competency_overrides` BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = OLD.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = NEW.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_pending_competency_overrides_delete` AFTER DELETE ON `competency_overrides` BEGIN
  INSERT INTO report_competency_pending (user_id, seq) SELECT u.id, 1 FROM users u WHERE u.id = OLD.user_id
    ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1;
END;
--> statement-breakpoint
INSERT INTO report_competency_pending (user_id, seq)
  SELECT user_id, 1 FROM (
    SELECT user_id FROM quiz_attempts WHERE passed = 1
    UNION SELECT user_id FROM submissions WHERE state = 'accepted'
    UNION SELECT user_id FROM competency_overrides) WHERE true
  ON CONFLICT (user_id) DO NOTHING;
