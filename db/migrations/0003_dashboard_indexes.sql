CREATE INDEX `enrollments_course_enrolled_idx` ON `enrollments` (`course`,`enrolled_at`,`completed_at`);--> statement-breakpoint
CREATE INDEX `users_display_name_idx` ON `users` (`display_name`);