-- Search in discussions (docs/decisions/038): an FTS5 index over the posts' text, kept by
-- triggers. The unicode61 tokenizer folds case for every alphabet, Kazakh's ә ғ қ ң ө ұ ү һ і
-- included; remove_diacritics 0 keeps й, ё and the Kazakh letters distinct from и, е and the
-- Russian ones they resemble.
CREATE VIRTUAL TABLE `discussion_posts_fts` USING fts5(
	body, content = 'discussion_posts', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0'
);
--> statement-breakpoint
INSERT INTO `discussion_posts_fts` (rowid, body) SELECT rowid, body FROM `discussion_posts`;
--> statement-breakpoint
CREATE TRIGGER `discussion_posts_fts_insert` AFTER INSERT ON `discussion_posts` BEGIN
	INSERT INTO `discussion_posts_fts` (rowid, body) VALUES (new.rowid, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_posts_fts_delete` AFTER DELETE ON `discussion_posts` BEGIN
	INSERT INTO `discussion_posts_fts` (`discussion_posts_fts`, rowid, body) VALUES ('delete', old.rowid, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `discussion_posts_fts_update` AFTER UPDATE OF body ON `discussion_posts` BEGIN
	INSERT INTO `discussion_posts_fts` (`discussion_posts_fts`, rowid, body) VALUES ('delete', old.rowid, old.body);
	INSERT INTO `discussion_posts_fts` (rowid, body) VALUES (new.rowid, new.body);
END;
