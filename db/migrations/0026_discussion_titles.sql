-- Search over thread titles too (docs/decisions/045): an FTS5 index over the threads' titles,
-- kept by triggers, with the same tokenizer as the posts' index (migration 0018).
CREATE VIRTUAL TABLE `discussion_threads_fts` USING fts5(
	title, content = 'discussion_threads', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0'
);
--> statement-breakpoint
INSERT INTO `discussion_threads_fts` (rowid, title) SELECT rowid, title FROM `discussion_threads`;
--> statement-breakpoint
CREATE TRIGGER `discussion_threads_fts_insert` AFTER INSERT ON `discussion_threads` BEGIN
	INSERT INTO `discussion_threads_fts` (rowid, title) VALUES (new.rowid, new.title);
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_threads_fts_delete` AFTER DELETE ON `discussion_threads` BEGIN
	INSERT INTO `discussion_threads_fts` (`discussion_threads_fts`, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_threads_fts_update` AFTER UPDATE OF title ON `discussion_threads` BEGIN
	INSERT INTO `discussion_threads_fts` (`discussion_threads_fts`, rowid, title) VALUES ('delete', old.rowid, old.title);
	INSERT INTO `discussion_threads_fts` (rowid, title) VALUES (new.rowid, new.title);
END;
