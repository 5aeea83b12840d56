/**
 * The benchmark's load must measure what it claims: it finds its quizzes in the real courses/ folder (beside
 * `_glossary.yaml`, `_frameworks/`, `_programmes/`), and every quiz post it sends stores an attempt although the
 * curriculum's quizzes have attempt limits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { discoverContent, ENROLLED_COURSE, RequestFactory } from '../../bench/lib/workload.ts';

const site = { root: process.cwd(), clientDir: mkdtempSync(join(tmpdir(), 'oqu-bench-client-')) };

test('the benchmark discovers the curriculum quizzes beside the glossary, frameworks and programmes', () => {
  const content = discoverContent(site);
  expect(content.quizzes.filter((q) => q.course === ENROLLED_COURSE).length).toBeGreaterThan(0);
  expect(content.quizLesson).toMatch(/^\/en\/courses\/urbanism\//);
  expect(content.plainLesson).toMatch(/^\/en\/courses\/urbanism\//);
});

test('quiz posts go round the learners and stay within each quiz attempt limit, then say so', () => {
  const content = discoverContent(site);
  const quizzes = content.quizzes.filter((q) => q.course === ENROLLED_COURSE);
  const learners = ['a', 'b', 'c'].map((id) => ({ id, email: `${id}@oqu.test`, cookie: `s=${id}` }));
  const factory = new RequestFactory('http://oqu.test', content, learners);
  const capacity = learners.length * quizzes.reduce((n, q) => n + (q.maxAttempts ?? 0), 0);
  expect(capacity).toBeGreaterThan(0);
  const sent = new Map<string, number>();
  for (let i = 0; i < capacity; i++) {
    const post = factory.quiz();
    const pair = `${post.headers.cookie} ${post.path}`;
    sent.set(pair, (sent.get(pair) ?? 0) + 1);
  }
  expect(sent.size).toBe(learners.length * quizzes.length);
  for (const quiz of quizzes)
    for (const learner of learners)
      expect(sent.get(`${learner.cookie} /en/courses/${quiz.course}/${quiz.lesson}/quiz`)).toBe(quiz.maxAttempts);
  expect(() => factory.quiz()).toThrow(/seed more learners/);
});
