CREATE TABLE `grant_calls` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`eligibility` text NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`budget_tenge` integer NOT NULL,
	`max_per_project_tenge` integer NOT NULL,
	`form` text NOT NULL,
	`rubric` text NOT NULL,
	`blind` integer DEFAULT false NOT NULL,
	`proposals_per_lead` integer DEFAULT 1 NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "grant_calls_money_check" CHECK("grant_calls"."budget_tenge" >= 0 AND "grant_calls"."max_per_project_tenge" >= 0),
	CONSTRAINT "grant_calls_times_check" CHECK("grant_calls"."opens_at" < "grant_calls"."closes_at")
);
--> statement-breakpoint
CREATE TABLE `grant_conflicts` (
	`proposal_id` text NOT NULL,
	`juror_id` text NOT NULL,
	`declared_at` integer NOT NULL,
	PRIMARY KEY(`proposal_id`, `juror_id`),
	FOREIGN KEY (`proposal_id`) REFERENCES `grant_proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`juror_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `grant_decisions` (
	`proposal_id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`amount_tenge` integer NOT NULL,
	`tie_break_reason` text DEFAULT '' NOT NULL,
	`decided_by` text,
	`decided_at` integer NOT NULL,
	FOREIGN KEY (`proposal_id`) REFERENCES `grant_proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`call_id`) REFERENCES `grant_calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "grant_decisions_amount_check" CHECK("grant_decisions"."amount_tenge" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grant_decisions_call_proposal_unique` ON `grant_decisions` (`call_id`,`proposal_id`);--> statement-breakpoint
CREATE TABLE `grant_jurors` (
	`call_id` text NOT NULL,
	`user_id` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`call_id`, `user_id`),
	FOREIGN KEY (`call_id`) REFERENCES `grant_calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `grant_jurors_user_idx` ON `grant_jurors` (`user_id`);--> statement-breakpoint
CREATE TABLE `grant_proposal_members` (
	`proposal_id` text NOT NULL,
	`email` text NOT NULL,
	`invited_at` integer NOT NULL,
	PRIMARY KEY(`proposal_id`, `email`),
	FOREIGN KEY (`proposal_id`) REFERENCES `grant_proposals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `grant_proposal_members_email_idx` ON `grant_proposal_members` (`email`);--> statement-breakpoint
CREATE TABLE `grant_proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`answers` text NOT NULL,
	`budget` text NOT NULL,
	`show_team` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	FOREIGN KEY (`call_id`) REFERENCES `grant_calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lead_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `grant_proposals_call_idx` ON `grant_proposals` (`call_id`,`status`);--> statement-breakpoint
CREATE INDEX `grant_proposals_lead_idx` ON `grant_proposals` (`lead_id`);--> statement-breakpoint
CREATE TABLE `grant_scores` (
	`proposal_id` text NOT NULL,
	`juror_id` text NOT NULL,
	`levels` text NOT NULL,
	`points` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`scored_at` integer NOT NULL,
	PRIMARY KEY(`proposal_id`, `juror_id`),
	FOREIGN KEY (`proposal_id`) REFERENCES `grant_proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`juror_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `grant_scores_juror_idx` ON `grant_scores` (`juror_id`);