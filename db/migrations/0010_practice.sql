CREATE TABLE `peer_allocations` (
	`submission_id` text NOT NULL,
	`version_number` integer NOT NULL,
	`reviewer_id` text NOT NULL,
	`assigned_at` integer NOT NULL,
	`review_id` text,
	PRIMARY KEY(`submission_id`, `version_number`, `reviewer_id`),
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `peer_allocations_reviewer_idx` ON `peer_allocations` (`reviewer_id`,`review_id`);--> statement-breakpoint
CREATE TABLE `submission_file_chunks` (
	`file_id` text NOT NULL,
	`seq` integer NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`file_id`, `seq`),
	FOREIGN KEY (`file_id`) REFERENCES `submission_files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `submission_files` (
	`id` text PRIMARY KEY NOT NULL,
	`version_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`stored_at` integer,
	FOREIGN KEY (`version_id`) REFERENCES `submission_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `submission_files_version_idx` ON `submission_files` (`version_id`);--> statement-breakpoint
CREATE TABLE `submission_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`submission_id` text NOT NULL,
	`version_number` integer NOT NULL,
	`reviewer_id` text NOT NULL,
	`role` text NOT NULL,
	`levels` text NOT NULL,
	`points` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`decision` text,
	`created_at` integer NOT NULL,
	`flagged_at` integer,
	`flag_reason` text,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `submission_reviews_submission_idx` ON `submission_reviews` (`submission_id`,`version_number`);--> statement-breakpoint
CREATE INDEX `submission_reviews_reviewer_idx` ON `submission_reviews` (`reviewer_id`);--> statement-breakpoint
CREATE TABLE `submission_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`submission_id` text NOT NULL,
	`number` integer NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`link` text,
	`created_at` integer NOT NULL,
	`submitted_at` integer,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submission_versions_number_unique` ON `submission_versions` (`submission_id`,`number`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`course` text NOT NULL,
	`assignment` text NOT NULL,
	`cohort_id` text,
	`state` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`submitted_at` integer,
	`decided_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_user_assignment_unique` ON `submissions` (`user_id`,`course`,`assignment`);--> statement-breakpoint
CREATE INDEX `submissions_queue_idx` ON `submissions` (`course`,`state`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `submissions_assignment_idx` ON `submissions` (`course`,`assignment`,`state`);