ALTER TABLE `cohorts` ADD `programme` text;--> statement-breakpoint
ALTER TABLE `cohorts` ADD `programme_courses` text;