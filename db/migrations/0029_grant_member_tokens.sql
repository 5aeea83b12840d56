ALTER TABLE `grant_proposal_members` ADD `token_hash` text;--> statement-breakpoint
ALTER TABLE `grant_proposal_members` ADD `user_id` text REFERENCES users(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `grant_proposal_members` ADD `joined_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `grant_proposal_members_token_unique` ON `grant_proposal_members` (`token_hash`);--> statement-breakpoint
CREATE INDEX `grant_proposal_members_user_idx` ON `grant_proposal_members` (`user_id`);--> statement-breakpoint
-- Co-applicants who already had an account with the invited address keep the draft they could open (decision 040).
UPDATE `grant_proposal_members` SET `user_id` = (SELECT `id` FROM `users` WHERE `users`.`email` = `grant_proposal_members`.`email`), `joined_at` = `invited_at` WHERE EXISTS (SELECT 1 FROM `users` WHERE `users`.`email` = `grant_proposal_members`.`email`);
