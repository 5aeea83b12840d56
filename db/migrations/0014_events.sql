CREATE TABLE `calendar_feeds` (
	`user_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token_hash_unique` ON `calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE TABLE `event_signups` (
	`event_id` text NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`position` integer NOT NULL,
	`signed_up_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`attendance` text,
	`marked_at` integer,
	PRIMARY KEY(`event_id`, `user_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "event_signups_status_check" CHECK("event_signups"."status" in ('signed_up', 'waiting', 'cancelled'))
);
--> statement-breakpoint
CREATE INDEX `event_signups_event_status_idx` ON `event_signups` (`event_id`,`status`,`position`);--> statement-breakpoint
CREATE INDEX `event_signups_user_idx` ON `event_signups` (`user_id`,`status`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`place` text,
	`map_url` text,
	`online_url` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`signup_deadline` integer,
	`audience` text NOT NULL,
	`cohort_id` text,
	`course` text,
	`series_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	`reminded_at` integer,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "events_capacity_check" CHECK("events"."capacity" >= 1),
	CONSTRAINT "events_times_check" CHECK("events"."ends_at" > "events"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `events_starts_idx` ON `events` (`starts_at`);--> statement-breakpoint
CREATE INDEX `events_audience_starts_idx` ON `events` (`audience`,`starts_at`);--> statement-breakpoint
CREATE INDEX `events_cohort_starts_idx` ON `events` (`cohort_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `events_course_starts_idx` ON `events` (`course`,`starts_at`);--> statement-breakpoint
CREATE INDEX `events_series_idx` ON `events` (`series_id`);