CREATE TABLE `certificates` (
	`code` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`course` text NOT NULL,
	`locale` text NOT NULL,
	`holder_name` text NOT NULL,
	`course_title` text NOT NULL,
	`hours` real NOT NULL,
	`issued_at` integer NOT NULL,
	`issuer_name` text NOT NULL,
	`signatory_name` text NOT NULL,
	`signatory_title` text NOT NULL,
	`credential` text NOT NULL,
	`revoked_at` integer,
	`revoked_reason` text,
	`revoked_by` text,
	`replaced_by` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_current_unique` ON `certificates` (`user_id`,`course`) WHERE "certificates"."replaced_by" IS NULL;--> statement-breakpoint
CREATE INDEX `certificates_course_idx` ON `certificates` (`course`);