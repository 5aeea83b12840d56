CREATE TABLE `cohort_invitations` (
	`cohort_id` text NOT NULL,
	`user_id` text NOT NULL,
	`email` text NOT NULL,
	`state` text NOT NULL,
	`invited_by` text,
	`invited_at` integer NOT NULL,
	`sent_at` integer NOT NULL,
	`decided_at` integer,
	PRIMARY KEY(`cohort_id`, `user_id`),
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cohort_invitations_user_idx` ON `cohort_invitations` (`user_id`,`state`);