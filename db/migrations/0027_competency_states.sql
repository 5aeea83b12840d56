CREATE TABLE `competency_states` (
	`user_id` text NOT NULL,
	`competency` text NOT NULL,
	`state` text NOT NULL,
	`by_hand` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`user_id`, `competency`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `competency_trainees` (
	`user_id` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`kept_version` integer,
	`rule_key` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Kept competency states (decision 052): the cohort matrix reads kept rows instead of deriving
-- every member's states from the evidence on each view. The rule stays in src/lib/competencies/rule.ts
-- (it needs the course files), so these triggers only mark a trainee's kept states out of date, by
-- bumping competency_trainees.version on every write that can change the evidence; the app derives
-- again, when read, the trainees whose kept_version is behind or whose rule_key is another. Written
-- by hand (drizzle-kit does not model triggers). The EXISTS guards skip a user being deleted (their
-- rows go by cascade). Everyone with evidence today starts out of date.
INSERT OR IGNORE INTO competency_trainees (user_id)
SELECT user_id FROM quiz_attempts
UNION SELECT user_id FROM submissions
UNION SELECT user_id FROM competency_overrides
UNION SELECT user_id FROM event_signups WHERE attendance IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_competency_insert` AFTER INSERT ON `quiz_attempts` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT NEW.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_competency_update` AFTER UPDATE ON `quiz_attempts` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT NEW.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_competency_delete` AFTER DELETE ON `quiz_attempts` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT OLD.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_competency_insert` AFTER INSERT ON `submissions` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT NEW.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_competency_update` AFTER UPDATE ON `submissions` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT NEW.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_competency_delete` AFTER DELETE ON `submissions` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT OLD.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `competency_overrides_competency_insert` AFTER INSERT ON `competency_overrides` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT NEW.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `competency_overrides_competency_update` AFTER UPDATE ON `competency_overrides` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT NEW.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `competency_overrides_competency_delete` AFTER DELETE ON `competency_overrides` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT OLD.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `submission_reviews_competency_insert` AFTER INSERT ON `submission_reviews` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT s.user_id FROM submissions s
  WHERE s.id = NEW.submission_id AND EXISTS (SELECT 1 FROM users WHERE id = s.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `submission_reviews_competency_update` AFTER UPDATE ON `submission_reviews` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT s.user_id FROM submissions s
  WHERE s.id = NEW.submission_id AND EXISTS (SELECT 1 FROM users WHERE id = s.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `submission_reviews_competency_delete` AFTER DELETE ON `submission_reviews` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT s.user_id FROM submissions s
  WHERE s.id = OLD.submission_id AND EXISTS (SELECT 1 FROM users WHERE id = s.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `event_signups_competency_insert` AFTER INSERT ON `event_signups` WHEN NEW.attendance IS NOT NULL BEGIN
  INSERT INTO competency_trainees (user_id) SELECT NEW.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `event_signups_competency_update` AFTER UPDATE OF attendance, user_id, event_id ON `event_signups` BEGIN
  INSERT INTO competency_trainees (user_id) SELECT NEW.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `event_signups_competency_delete` AFTER DELETE ON `event_signups` WHEN OLD.attendance IS NOT NULL BEGIN
  INSERT INTO competency_trainees (user_id) SELECT OLD.user_id WHERE EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id)
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `events_competency_update` AFTER UPDATE OF competencies, cancelled_at ON `events` BEGIN
  INSERT INTO competency_trainees (user_id)
  SELECT user_id FROM event_signups WHERE event_id = NEW.id AND attendance IS NOT NULL
  ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
