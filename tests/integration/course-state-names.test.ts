/**
 * A name in the configuration's `courses.hidden` or `courses.archived` that matches no course
 * folder (a typo) stops `oqu validate` (so the build) and start-up (`oqu prepare`), naming the
 * key, the name, the nearest folder and the fix; the right name passes both checks.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runPrepare } from '../../src/cli/serve.ts';
import { runValidate } from '../../src/cli/validate.ts';

const projectRoot = resolve(import.meta.dirname, '..', '..');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A copy's folder: the shipped configuration with these course lists, and one course, `pilot-course`. */
function copyWith(lists: string): string {
  const root = mkdtempSync(join(tmpdir(), 'oqu-state-names-'));
  made.push(root);
  const shipped = readFileSync(join(projectRoot, 'oqu.config.yaml'), 'utf8');
  writeFileSync(join(root, 'oqu.config.yaml'), `${shipped}\ncourses:\n${lists}`);
  cpSync(join(projectRoot, 'public'), join(root, 'public'), { recursive: true });
  mkdirSync(join(root, 'courses'));
  cpSync(join(projectRoot, 'tests', 'fixtures', 'e2e-courses', 'hidden-pilot'), join(root, 'courses', 'pilot-course'), {
    recursive: true,
  });
  return root;
}

/** Runs a command; its exit code and everything it printed. */
async function run(command: () => Promise<number>): Promise<{ code: number; said: string }> {
  const said: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void said.push(parts.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void said.push(parts.join(' ')));
  const code = await command();
  vi.restoreAllMocks();
  return { code, said: said.join('\n') };
}

describe('course names in the configuration', () => {
  it('a typo stops validate, naming the key, the name and the nearest folder', async () => {
    const root = copyWith('  hidden: [pilot-cours]\n');
    const validated = await run(() => runValidate(root, ['--lang', 'en']));
    expect(validated.said).toContain(
      'oqu.config.yaml: courses.hidden names "pilot-cours", which is not a course folder in courses/ ' +
        '(did you mean "pilot-course"?): correct the name or remove it from the list',
    );
    expect(validated.code).toBe(1);
    const inRussian = await run(() => runValidate(root, ['--lang', 'ru']));
    expect(inRussian.said).toContain('в courses.hidden указано «pilot-cours», но такой папки курса в courses/ нет');
  });

  it('a typo stops start-up with the fix; a name far from any folder is named too', async () => {
    const root = copyWith('  archived: [pilot-cours, urban-2019]\n');
    const started = await run(() => runPrepare(root));
    expect(started.said).toContain(
      'courses.archived names "pilot-cours", which is not a course folder in courses/ ' +
        '(did you mean "pilot-course"?). Correct the name, or remove it from the list, ' +
        'then run `npm run build` and start again.',
    );
    expect(started.said).toContain('courses.archived names "urban-2019", which is not a course folder in courses/.');
    expect(started.code).toBe(1);
  });

  it('the right name passes both checks', async () => {
    const root = copyWith('  hidden: [pilot-course]\n');
    const validated = await run(() => runValidate(root, ['--lang', 'en']));
    expect(validated.said).not.toContain('courses.hidden');
    const started = await run(() => runPrepare(root));
    expect(started.said).toContain('No build found in dist/');
  });
});
