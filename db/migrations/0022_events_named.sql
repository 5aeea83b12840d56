ALTER TABLE `events` ADD `session_key` text;--> statement-breakpoint
ALTER TABLE `events` ADD `competencies` text;