CREATE TABLE `competency_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`competency` text NOT NULL,
	`state` text NOT NULL,
	`comment` text NOT NULL,
	`set_by` text,
	`set_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "competency_overrides_comment" CHECK(length("competency_overrides"."comment") between 1 and 2000)
);
--> statement-breakpoint
CREATE INDEX `competency_overrides_user_idx` ON `competency_overrides` (`user_id`,`competency`,`set_at`);--> statement-breakpoint
ALTER TABLE `certificates` ADD `competencies` text;