CREATE TABLE `grant_proposal_file_chunks` (
	`file_id` text NOT NULL,
	`seq` integer NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`file_id`, `seq`),
	FOREIGN KEY (`file_id`) REFERENCES `grant_proposal_files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `grant_proposal_files` (
	`id` text PRIMARY KEY NOT NULL,
	`proposal_id` text NOT NULL,
	`field_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_by` text,
	`stored_at` integer,
	FOREIGN KEY (`proposal_id`) REFERENCES `grant_proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `grant_proposal_files_proposal_idx` ON `grant_proposal_files` (`proposal_id`,`field_id`);