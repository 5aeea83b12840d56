CREATE TABLE `discussion_bans` (
	`user_id` text PRIMARY KEY NOT NULL,
	`until` integer,
	`reason` text NOT NULL,
	`banned_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`banned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `discussion_follows` (
	`thread_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`thread_id`, `user_id`),
	FOREIGN KEY (`thread_id`) REFERENCES `discussion_threads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `discussion_follows_user_idx` ON `discussion_follows` (`user_id`);--> statement-breakpoint
CREATE TABLE `discussion_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`post_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `discussion_posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `discussion_notifications_pending_idx` ON `discussion_notifications` (`user_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `discussion_posts` (
	`id` text PRIMARY KEY NOT NULL,
	`thread_id` text NOT NULL,
	`number` integer NOT NULL,
	`author_id` text,
	`staff` integer DEFAULT false NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	`hidden_at` integer,
	`hidden_by` text,
	`hidden_reason` text,
	FOREIGN KEY (`thread_id`) REFERENCES `discussion_threads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discussion_posts_thread_number_unique` ON `discussion_posts` (`thread_id`,`number`);--> statement-breakpoint
CREATE INDEX `discussion_posts_author_idx` ON `discussion_posts` (`author_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `discussion_reads` (
	`thread_id` text NOT NULL,
	`user_id` text NOT NULL,
	`last_read` integer NOT NULL,
	PRIMARY KEY(`thread_id`, `user_id`),
	FOREIGN KEY (`thread_id`) REFERENCES `discussion_threads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `discussion_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` text NOT NULL,
	`course` text NOT NULL,
	`reporter_id` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	FOREIGN KEY (`post_id`) REFERENCES `discussion_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discussion_reports_post_reporter_unique` ON `discussion_reports` (`post_id`,`reporter_id`);--> statement-breakpoint
CREATE INDEX `discussion_reports_queue_idx` ON `discussion_reports` (`course`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `discussion_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`mail` text DEFAULT 'each' NOT NULL,
	`mail_key` text NOT NULL,
	`digest_sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `discussion_threads` (
	`id` text PRIMARY KEY NOT NULL,
	`board` text NOT NULL,
	`course` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`author_id` text,
	`created_at` integer NOT NULL,
	`last_post_at` integer NOT NULL,
	`posts` integer DEFAULT 0 NOT NULL,
	`pinned` integer DEFAULT false NOT NULL,
	`locked` integer DEFAULT false NOT NULL,
	`answer_post_id` text,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "discussion_threads_kind_check" CHECK("discussion_threads"."kind" in ('course', 'lesson', 'cohort'))
);
--> statement-breakpoint
CREATE INDEX `discussion_threads_board_idx` ON `discussion_threads` (`board`,`pinned`,`last_post_at`);--> statement-breakpoint
CREATE INDEX `discussion_threads_course_idx` ON `discussion_threads` (`course`,`last_post_at`);