CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`actor_email` text,
	`action` text NOT NULL,
	`target` text,
	`details` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`);--> statement-breakpoint
CREATE TABLE `cohort_members` (
	`cohort_id` text NOT NULL,
	`user_id` text NOT NULL,
	`state` text NOT NULL,
	`joined_at` integer NOT NULL,
	`decided_at` integer,
	PRIMARY KEY(`cohort_id`, `user_id`),
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cohort_members_user_idx` ON `cohort_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `cohorts` (
	`id` text PRIMARY KEY NOT NULL,
	`course` text NOT NULL,
	`name` text NOT NULL,
	`starts_on` text,
	`ends_on` text,
	`applications_open_on` text,
	`applications_close_on` text,
	`join_code` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cohorts_join_code_unique` ON `cohorts` (`join_code`);--> statement-breakpoint
CREATE INDEX `cohorts_course_idx` ON `cohorts` (`course`);--> statement-breakpoint
CREATE TABLE `course_trainers` (
	`user_id` text NOT NULL,
	`course` text NOT NULL,
	`assigned_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `course_trainers_course_idx` ON `course_trainers` (`course`);--> statement-breakpoint
DROP INDEX `enrollments_course_idx`;--> statement-breakpoint
CREATE INDEX `enrollments_course_idx` ON `enrollments` (`course`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `lesson_progress_course_lesson_idx` ON `lesson_progress` (`course`,`lesson`);