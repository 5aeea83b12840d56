CREATE INDEX `users_created_idx` ON `users` (`created_at`,`email`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`,`email`);