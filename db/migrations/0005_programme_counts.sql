CREATE TABLE `programme_counts` (
	`course` text NOT NULL,
	`region` text NOT NULL,
	`month` text NOT NULL,
	`enrolments` integer NOT NULL,
	`completions` integer NOT NULL,
	`certificates` integer NOT NULL,
	PRIMARY KEY(`course`, `region`, `month`)
);
--> statement-breakpoint
-- The programme report's numbers kept on write (written by hand: drizzle-kit does not model
-- triggers). Each trigger takes back what a row counted for before a change and adds what it
-- counts for after, so the table always equals a count from the rows; the rules are in
-- src/lib/reports/programme.ts and tests/integration/programme-counts.test.ts checks them.
-- A user's region is looked up when counting, so a change of region moves their counts, and
-- a deleted user's counts are taken back before the user (and, by cascade, the enrolments) go.
CREATE TRIGGER `programme_enrollments_insert` AFTER INSERT ON `enrollments` BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT NEW.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = NEW.user_id), '') AS region, strftime('%Y-%m', (NEW.enrolled_at + 18000000) / 1000, 'unixepoch') AS month, 1 AS e, 0 AS c, 0 AS k
    UNION ALL SELECT NEW.course, coalesce((SELECT u.region FROM users u WHERE u.id = NEW.user_id), ''), strftime('%Y-%m', (NEW.completed_at + 18000000) / 1000, 'unixepoch'), 0, 1, 0 WHERE NEW.completed_at IS NOT NULL) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_enrollments_update` AFTER UPDATE OF user_id, course, enrolled_at, completed_at ON `enrollments`
  WHEN OLD.user_id IS NOT NEW.user_id OR OLD.course IS NOT NEW.course OR OLD.enrolled_at IS NOT NEW.enrolled_at OR OLD.completed_at IS NOT NEW.completed_at BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT OLD.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = OLD.user_id), '') AS region, strftime('%Y-%m', (OLD.enrolled_at + 18000000) / 1000, 'unixepoch') AS month, -1 AS e, 0 AS c, 0 AS k
    UNION ALL SELECT OLD.course, coalesce((SELECT u.region FROM users u WHERE u.id = OLD.user_id), ''), strftime('%Y-%m', (OLD.completed_at + 18000000) / 1000, 'unixepoch'), 0, -1, 0 WHERE OLD.completed_at IS NOT NULL
    UNION ALL SELECT NEW.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = NEW.user_id), '') AS region, strftime('%Y-%m', (NEW.enrolled_at + 18000000) / 1000, 'unixepoch') AS month, 1 AS e, 0 AS c, 0 AS k
    UNION ALL SELECT NEW.course, coalesce((SELECT u.region FROM users u WHERE u.id = NEW.user_id), ''), strftime('%Y-%m', (NEW.completed_at + 18000000) / 1000, 'unixepoch'), 0, 1, 0 WHERE NEW.completed_at IS NOT NULL) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_enrollments_delete` AFTER DELETE ON `enrollments` BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT OLD.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = OLD.user_id), '') AS region, strftime('%Y-%m', (OLD.enrolled_at + 18000000) / 1000, 'unixepoch') AS month, -1 AS e, 0 AS c, 0 AS k WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = OLD.user_id)
    UNION ALL SELECT OLD.course, coalesce((SELECT u.region FROM users u WHERE u.id = OLD.user_id), ''), strftime('%Y-%m', (OLD.completed_at + 18000000) / 1000, 'unixepoch'), 0, -1, 0 WHERE OLD.completed_at IS NOT NULL AND EXISTS (SELECT 1 FROM users u WHERE u.id = OLD.user_id)) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_certificates_before_insert` BEFORE INSERT ON `certificates` BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT x.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = NEW.user_id), '') AS region, strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch') AS month, 0 AS e, 0 AS c, -1 AS k FROM certificates x
      WHERE x.user_id = NEW.user_id AND x.course = NEW.course GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_certificates_after_insert` AFTER INSERT ON `certificates` BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT x.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = NEW.user_id), '') AS region, strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch') AS month, 0 AS e, 0 AS c, 1 AS k FROM certificates x
      WHERE x.user_id = NEW.user_id AND x.course = NEW.course GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_certificates_before_delete` BEFORE DELETE ON `certificates` BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT x.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = OLD.user_id), '') AS region, strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch') AS month, 0 AS e, 0 AS c, -1 AS k FROM certificates x
      WHERE x.user_id = OLD.user_id AND x.course = OLD.course GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_certificates_after_delete` AFTER DELETE ON `certificates` BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT x.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = OLD.user_id), '') AS region, strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch') AS month, 0 AS e, 0 AS c, 1 AS k FROM certificates x
      WHERE x.user_id = OLD.user_id AND x.course = OLD.course GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_certificates_before_update` BEFORE UPDATE OF user_id, course, issued_at, replaced_by, revoked_at ON `certificates` BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT x.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = OLD.user_id), '') AS region, strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch') AS month, 0 AS e, 0 AS c, -1 AS k FROM certificates x
      WHERE x.user_id = OLD.user_id AND x.course = OLD.course GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1
    UNION ALL SELECT x.course, coalesce((SELECT u.region FROM users u WHERE u.id = NEW.user_id), ''), strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch'), 0, 0, -1 FROM certificates x
      WHERE x.user_id = NEW.user_id AND x.course = NEW.course AND (NEW.user_id IS NOT OLD.user_id OR NEW.course IS NOT OLD.course) GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_certificates_after_update` AFTER UPDATE OF user_id, course, issued_at, replaced_by, revoked_at ON `certificates` BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT x.course AS course, coalesce((SELECT u.region FROM users u WHERE u.id = OLD.user_id), '') AS region, strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch') AS month, 0 AS e, 0 AS c, 1 AS k FROM certificates x
      WHERE x.user_id = OLD.user_id AND x.course = OLD.course GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1
    UNION ALL SELECT x.course, coalesce((SELECT u.region FROM users u WHERE u.id = NEW.user_id), ''), strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch'), 0, 0, 1 FROM certificates x
      WHERE x.user_id = NEW.user_id AND x.course = NEW.course AND (NEW.user_id IS NOT OLD.user_id OR NEW.course IS NOT OLD.course) GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_users_region` AFTER UPDATE OF region ON `users` WHEN OLD.region IS NOT NEW.region BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT e.course AS course, coalesce(OLD.region, '') AS region, strftime('%Y-%m', (e.enrolled_at + 18000000) / 1000, 'unixepoch') AS month, -1 AS e, 0 AS c, 0 AS k FROM enrollments e WHERE e.user_id = NEW.id
    UNION ALL SELECT e.course, coalesce(OLD.region, ''), strftime('%Y-%m', (e.completed_at + 18000000) / 1000, 'unixepoch'), 0, -1, 0 FROM enrollments e WHERE e.user_id = NEW.id AND e.completed_at IS NOT NULL
    UNION ALL SELECT x.course, coalesce(OLD.region, ''), strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch'), 0, 0, -1 FROM certificates x
      WHERE x.user_id = NEW.id GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1
    UNION ALL SELECT e.course AS course, coalesce(NEW.region, '') AS region, strftime('%Y-%m', (e.enrolled_at + 18000000) / 1000, 'unixepoch') AS month, 1 AS e, 0 AS c, 0 AS k FROM enrollments e WHERE e.user_id = NEW.id
    UNION ALL SELECT e.course, coalesce(NEW.region, ''), strftime('%Y-%m', (e.completed_at + 18000000) / 1000, 'unixepoch'), 0, 1, 0 FROM enrollments e WHERE e.user_id = NEW.id AND e.completed_at IS NOT NULL
    UNION ALL SELECT x.course, coalesce(NEW.region, ''), strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch'), 0, 0, 1 FROM certificates x
      WHERE x.user_id = NEW.id GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_users_delete` BEFORE DELETE ON `users` BEGIN
  INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
  SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
    SELECT e.course AS course, coalesce(OLD.region, '') AS region, strftime('%Y-%m', (e.enrolled_at + 18000000) / 1000, 'unixepoch') AS month, -1 AS e, 0 AS c, 0 AS k FROM enrollments e WHERE e.user_id = OLD.id
    UNION ALL SELECT e.course, coalesce(OLD.region, ''), strftime('%Y-%m', (e.completed_at + 18000000) / 1000, 'unixepoch'), 0, -1, 0 FROM enrollments e WHERE e.user_id = OLD.id AND e.completed_at IS NOT NULL
    UNION ALL SELECT x.course, coalesce(OLD.region, ''), strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch'), 0, 0, -1 FROM certificates x
      WHERE x.user_id = OLD.id GROUP BY x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1) d
  GROUP BY d.course, d.region, d.month
  ON CONFLICT (course, region, month) DO UPDATE SET enrolments = enrolments + excluded.enrolments,
    completions = completions + excluded.completions, certificates = certificates + excluded.certificates;
END;
--> statement-breakpoint
-- What is already stored, counted once.
INSERT INTO programme_counts (course, region, month, enrolments, completions, certificates)
SELECT d.course, d.region, d.month, sum(d.e), sum(d.c), sum(d.k) FROM (
  SELECT e.course AS course, coalesce(u.region, '') AS region, strftime('%Y-%m', (e.enrolled_at + 18000000) / 1000, 'unixepoch') AS month, 1 AS e, 0 AS c, 0 AS k
    FROM enrollments e JOIN users u ON u.id = e.user_id
  UNION ALL SELECT e.course, coalesce(u.region, ''), strftime('%Y-%m', (e.completed_at + 18000000) / 1000, 'unixepoch'), 0, 1, 0
    FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.completed_at IS NOT NULL
  UNION ALL SELECT x.course, coalesce(u.region, ''), strftime('%Y-%m', (min(x.issued_at) + 18000000) / 1000, 'unixepoch'), 0, 0, 1
    FROM certificates x JOIN users u ON u.id = x.user_id GROUP BY x.user_id, x.course HAVING max(x.replaced_by IS NULL AND x.revoked_at IS NULL) = 1) d
GROUP BY d.course, d.region, d.month;
