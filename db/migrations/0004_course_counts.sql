CREATE TABLE `course_outlines` (
	`course` text PRIMARY KEY NOT NULL,
	`digest` text NOT NULL,
	`synced_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outline_choice_questions` (
	`course` text NOT NULL,
	`quiz` text NOT NULL,
	`question` text NOT NULL,
	PRIMARY KEY(`course`, `quiz`, `question`)
);
--> statement-breakpoint
CREATE TABLE `outline_lessons` (
	`course` text NOT NULL,
	`lesson` text NOT NULL,
	PRIMARY KEY(`course`, `lesson`)
);
--> statement-breakpoint
CREATE TABLE `outline_quizzes` (
	`course` text NOT NULL,
	`quiz` text NOT NULL,
	PRIMARY KEY(`course`, `quiz`)
);
--> statement-breakpoint
CREATE TABLE `quiz_choice_counts` (
	`course` text NOT NULL,
	`quiz` text NOT NULL,
	`question` text NOT NULL,
	`choice` text NOT NULL,
	`picked` integer NOT NULL,
	PRIMARY KEY(`course`, `quiz`, `question`, `choice`)
);
--> statement-breakpoint
CREATE TABLE `quiz_counts` (
	`course` text NOT NULL,
	`quiz` text NOT NULL,
	`attempts` integer NOT NULL,
	`learners` integer NOT NULL,
	`passed_learners` integer NOT NULL,
	PRIMARY KEY(`course`, `quiz`)
);
--> statement-breakpoint
CREATE TABLE `quiz_question_counts` (
	`course` text NOT NULL,
	`quiz` text NOT NULL,
	`question` text NOT NULL,
	`answered` integer NOT NULL,
	`graded` integer NOT NULL,
	`correct` integer NOT NULL,
	PRIMARY KEY(`course`, `quiz`, `question`)
);
--> statement-breakpoint
ALTER TABLE `enrollments` ADD `lessons_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `enrollments` ADD `score_total` real;--> statement-breakpoint
CREATE INDEX `enrollments_course_lessons_done_idx` ON `enrollments` (`course`,`lessons_done`);--> statement-breakpoint
CREATE INDEX `enrollments_course_score_idx` ON `enrollments` (`course`,`score_total`);--> statement-breakpoint
-- Counts kept on write, so dashboards read a few rows instead of every attempt and progress
-- row of a course. Written by hand (drizzle-kit does not model triggers); the rules are in
-- src/lib/reports/course-counts.server.ts, whose full recount computes the same numbers.
-- A new enrolment starts from the progress and attempts already stored for it.
CREATE TRIGGER `enrollments_counts_insert` AFTER INSERT ON `enrollments` BEGIN
  UPDATE enrollments SET
    lessons_done = (SELECT count(*) FROM lesson_progress lp WHERE lp.user_id = NEW.user_id AND lp.course = NEW.course
      AND lp.lesson IN (SELECT o.lesson FROM outline_lessons o WHERE o.course = NEW.course)),
    score_total = (SELECT sum(s.best) FROM (SELECT max(qa.percent) AS best FROM quiz_attempts qa
      WHERE qa.user_id = NEW.user_id AND qa.course = NEW.course
        AND qa.quiz IN (SELECT o.quiz FROM outline_quizzes o WHERE o.course = NEW.course) GROUP BY qa.quiz) s)
  WHERE user_id = NEW.user_id AND course = NEW.course;
END;
--> statement-breakpoint
CREATE TRIGGER `lesson_progress_counts_insert` AFTER INSERT ON `lesson_progress` BEGIN
  UPDATE enrollments SET lessons_done = lessons_done + 1
  WHERE user_id = NEW.user_id AND course = NEW.course
    AND EXISTS (SELECT 1 FROM outline_lessons o WHERE o.course = NEW.course AND o.lesson = NEW.lesson);
END;
--> statement-breakpoint
CREATE TRIGGER `lesson_progress_counts_delete` AFTER DELETE ON `lesson_progress` BEGIN
  UPDATE enrollments SET lessons_done = lessons_done - 1
  WHERE user_id = OLD.user_id AND course = OLD.course
    AND EXISTS (SELECT 1 FROM outline_lessons o WHERE o.course = OLD.course AND o.lesson = OLD.lesson);
END;
--> statement-breakpoint
-- Progress and attempts are only ever added or removed; changing what a row counts for is refused.
CREATE TRIGGER `lesson_progress_counts_update` BEFORE UPDATE OF user_id, course, lesson ON `lesson_progress` BEGIN
  SELECT RAISE(ABORT, 'lesson_progress rows are not changed: delete and insert instead');
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_counts_update` BEFORE UPDATE OF user_id, course, quiz, answers, results, percent, passed ON `quiz_attempts` BEGIN
  SELECT RAISE(ABORT, 'quiz_attempts rows are not changed: delete and insert instead');
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_counts_insert` AFTER INSERT ON `quiz_attempts` BEGIN
  UPDATE enrollments SET score_total = (SELECT sum(s.best) FROM (SELECT max(qa.percent) AS best FROM quiz_attempts qa
      WHERE qa.user_id = NEW.user_id AND qa.course = NEW.course
        AND qa.quiz IN (SELECT o.quiz FROM outline_quizzes o WHERE o.course = NEW.course) GROUP BY qa.quiz) s)
  WHERE user_id = NEW.user_id AND course = NEW.course
    AND EXISTS (SELECT 1 FROM outline_quizzes o WHERE o.course = NEW.course AND o.quiz = NEW.quiz);
  INSERT INTO quiz_counts (course, quiz, attempts, learners, passed_learners)
  SELECT NEW.course, NEW.quiz, 1,
    NOT EXISTS (SELECT 1 FROM quiz_attempts b WHERE b.user_id = NEW.user_id AND b.course = NEW.course AND b.quiz = NEW.quiz AND b.rowid <> NEW.rowid),
    NEW.passed AND NOT EXISTS (SELECT 1 FROM quiz_attempts b WHERE b.user_id = NEW.user_id AND b.course = NEW.course AND b.quiz = NEW.quiz AND b.rowid <> NEW.rowid AND b.passed)
  WHERE true
  ON CONFLICT (course, quiz) DO UPDATE SET attempts = attempts + 1, learners = learners + excluded.learners,
    passed_learners = passed_learners + excluded.passed_learners;
  INSERT INTO quiz_question_counts (course, quiz, question, answered, graded, correct)
  SELECT NEW.course, NEW.quiz, x.question, sum(x.answered), sum(x.graded), sum(x.correct) FROM (
    SELECT r.value ->> 'id' AS question, 0 AS answered, 1 AS graded, coalesce(r.value ->> 'correct', 0) AS correct FROM json_each(NEW.results) r
    UNION ALL SELECT a.key, 1, 0, 0 FROM json_each(NEW.answers) a) x
  WHERE x.question IS NOT NULL GROUP BY x.question
  ON CONFLICT (course, quiz, question) DO UPDATE SET answered = answered + excluded.answered,
    graded = graded + excluded.graded, correct = correct + excluded.correct;
  INSERT INTO quiz_choice_counts (course, quiz, question, choice, picked)
  SELECT NEW.course, NEW.quiz, a.key, c.value, 1
  FROM json_each(NEW.answers) a
    JOIN outline_choice_questions o ON o.course = NEW.course AND o.quiz = NEW.quiz AND o.question = a.key
    JOIN json_each(CASE WHEN a.type = 'array' THEN a.value ELSE json_array(a.value) END) c
  WHERE c.type = 'text' GROUP BY a.key, c.value
  ON CONFLICT (course, quiz, question, choice) DO UPDATE SET picked = picked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_counts_delete` AFTER DELETE ON `quiz_attempts` BEGIN
  UPDATE enrollments SET score_total = (SELECT sum(s.best) FROM (SELECT max(qa.percent) AS best FROM quiz_attempts qa
      WHERE qa.user_id = OLD.user_id AND qa.course = OLD.course
        AND qa.quiz IN (SELECT o.quiz FROM outline_quizzes o WHERE o.course = OLD.course) GROUP BY qa.quiz) s)
  WHERE user_id = OLD.user_id AND course = OLD.course
    AND EXISTS (SELECT 1 FROM outline_quizzes o WHERE o.course = OLD.course AND o.quiz = OLD.quiz);
  UPDATE quiz_counts SET attempts = attempts - 1,
    learners = learners - NOT EXISTS (SELECT 1 FROM quiz_attempts b WHERE b.user_id = OLD.user_id AND b.course = OLD.course AND b.quiz = OLD.quiz),
    passed_learners = passed_learners - (OLD.passed AND NOT EXISTS (SELECT 1 FROM quiz_attempts b WHERE b.user_id = OLD.user_id AND b.course = OLD.course AND b.quiz = OLD.quiz AND b.passed))
  WHERE course = OLD.course AND quiz = OLD.quiz;
  INSERT INTO quiz_question_counts (course, quiz, question, answered, graded, correct)
  SELECT OLD.course, OLD.quiz, x.question, -sum(x.answered), -sum(x.graded), -sum(x.correct) FROM (
    SELECT r.value ->> 'id' AS question, 0 AS answered, 1 AS graded, coalesce(r.value ->> 'correct', 0) AS correct FROM json_each(OLD.results) r
    UNION ALL SELECT a.key, 1, 0, 0 FROM json_each(OLD.answers) a) x
  WHERE x.question IS NOT NULL GROUP BY x.question
  ON CONFLICT (course, quiz, question) DO UPDATE SET answered = answered + excluded.answered,
    graded = graded + excluded.graded, correct = correct + excluded.correct;
  UPDATE quiz_choice_counts SET picked = picked - 1
  WHERE course = OLD.course AND quiz = OLD.quiz AND EXISTS (
    SELECT 1 FROM json_each(OLD.answers) a
      JOIN outline_choice_questions o ON o.course = OLD.course AND o.quiz = OLD.quiz AND o.question = a.key
      JOIN json_each(CASE WHEN a.type = 'array' THEN a.value ELSE json_array(a.value) END) c
    WHERE c.type = 'text' AND a.key = quiz_choice_counts.question AND c.value = quiz_choice_counts.choice);
END;
