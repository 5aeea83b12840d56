import { describe, expect, it } from 'vitest';
import { evaluateCompletion, type CompletionRule } from '#lib/progress/completion.ts';
import { activityTree, playCourse, type ScoOutcome } from '../../../tests/helpers/scorm-sequencing.ts';
import { scormManifestErrors } from '../../../tests/helpers/scorm-xsd.ts';
import {
  itemRollup,
  manifestTitle,
  scorm12Manifest,
  scorm2004Manifest,
  xmlId,
  type ScormItem,
  type ScormManifest,
} from './scorm-manifest.ts';

const manifest: ScormManifest = {
  identifier: 'oqu-urbanism-kk',
  title: 'Қала & тұрғындар: <урбанистика>',
  shared: ['oqu/oqu.css', 'oqu/runtime.js'],
  items: [
    { id: 'public-space', title: 'Қоғамдық кеңістік', href: 'lessons/01-public-space.html', files: ['assets/a.png'] },
    { id: '2-cycle', title: 'Велосипед жолдары', href: 'lessons/02-2-cycle.html', files: [], masteryScore: 70 },
  ],
};

describe('the SCORM 1.2 manifest', () => {
  it('is valid against the official schema files, Kazakh and markup characters included', async () => {
    const xml = scorm12Manifest(manifest);
    expect(await scormManifestErrors(xml)).toEqual([]);
    expect(xml).toContain('Қала &amp; тұрғындар: &lt;урбанистика&gt;');
    expect(xml).toContain('<adlcp:masteryscore>70</adlcp:masteryscore>');
  });

  it('is refused by the validator when broken (the check can fail)', async () => {
    const broken = scorm12Manifest(manifest).replace('<organizations default="course">', '<organizations>x');
    expect((await scormManifestErrors(broken)).length).toBeGreaterThan(0);
  });

  it('keeps titles within the 200 characters of the schema', async () => {
    const long = 'Қоғамдық кеңістіктер '.repeat(20);
    expect(manifestTitle(long).length).toBeLessThanOrEqual(200);
    expect(manifestTitle(long).endsWith('…')).toBe(true);
    expect(await scormManifestErrors(scorm12Manifest({ ...manifest, title: long }))).toEqual([]);
  });

  it('is valid as SCORM 2004 4th edition, a pass mark as the primary objective', async () => {
    const xml = scorm2004Manifest(manifest);
    expect(await scormManifestErrors(xml, 'scorm2004')).toEqual([]);
    expect(xml).toContain('<imsss:minNormalizedMeasure>0.7000</imsss:minNormalizedMeasure>');
    const broken = xml.replace('adlcp:scormType="sco"', 'adlcp:scormType="lesson"');
    expect((await scormManifestErrors(broken, 'scorm2004')).length).toBeGreaterThan(0);
  });

  it('states a pass mark that is not a whole percent as it is, not rounded', async () => {
    const item = { ...manifest.items[1]!, masteryScore: 66.5 };
    const scorm12 = scorm12Manifest({ ...manifest, items: [item] });
    const scorm2004 = scorm2004Manifest({ ...manifest, items: [item] });
    expect(scorm12).toContain('<adlcp:masteryscore>66.5</adlcp:masteryscore>');
    expect(scorm2004).toContain('<imsss:minNormalizedMeasure>0.6650</imsss:minNormalizedMeasure>');
    expect(await scormManifestErrors(scorm12)).toEqual([]);
    expect(await scormManifestErrors(scorm2004, 'scorm2004')).toEqual([]);
  });

  it('makes identifiers the schema accepts', () => {
    expect(xmlId('2-cycle')).toBe('_2-cycle');
    expect(xmlId('a b/c')).toBe('a_b_c');
  });
});

/** A course of four lessons, two of them with a quiz, as the SCORM export lists them. */
const LESSONS: { id: string; quiz?: string }[] = [
  { id: 'intro' },
  { id: 'practice', quiz: 'first' },
  { id: 'extra' },
  { id: 'final', quiz: 'second' },
];

function courseManifest(rule: CompletionRule, items = LESSONS): ScormManifest {
  return {
    identifier: 'oqu-rule',
    title: 'Ереже',
    shared: ['oqu/oqu.css'],
    items: items.map(({ id, quiz }): ScormItem => ({
      id,
      title: id,
      href: `lessons/${id}.html`,
      files: [],
      ...(quiz ? { masteryScore: 70 } : {}),
      rollup: itemRollup(rule, id, quiz),
    })),
  };
}

/**
 * Every way a trainee can leave the course's SCOs: each lesson opened or not; each quiz's lesson
 * not opened, opened without answering, passed or failed.
 */
function allOutcomes(items = LESSONS): Record<string, ScoOutcome>[] {
  return items.reduce<Record<string, ScoOutcome>[]>(
    (runs, { id, quiz }) =>
      runs.flatMap((run) =>
        (quiz
          ? (['not opened', 'nothing reported', 'passed', 'failed'] as const)
          : (['not opened', 'completed'] as const)
        ).map((outcome) => ({ ...run, [`item-${id}`]: outcome })),
      ),
    [{}],
  );
}

describe('the course completion rule in SCORM 2004', () => {
  it('counts a lesson towards completion when the rule requires it, its quiz towards success likewise', () => {
    const rule = { lessons: ['intro', 'final'], quizzes: ['second'] };
    expect(itemRollup(rule, 'intro', undefined)).toEqual({ completion: true, success: false });
    expect(itemRollup(rule, 'practice', 'first')).toEqual({ completion: false, success: false });
    expect(itemRollup(rule, 'final', 'second')).toEqual({ completion: true, success: true });
    expect(itemRollup({ lessons: 'all', quizzes: 'all' }, 'practice', 'first')).toEqual({
      completion: true,
      success: true,
    });
  });

  it('writes the rollup controls into a manifest valid against the schema files; 1.2 carries none', async () => {
    const manifest = courseManifest({ lessons: ['intro', 'final'], quizzes: ['second'] });
    const xml = scorm2004Manifest(manifest);
    expect(await scormManifestErrors(xml, 'scorm2004')).toEqual([]);
    const item = (id: string) => new RegExp(`<item identifier="item-${id}"[\\s\\S]*?</item>`).exec(xml)![0];
    expect(item('intro')).toContain('<imsss:rollupRules rollupObjectiveSatisfied="false" objectiveMeasureWeight="0"/>');
    const leftOut = 'rollupObjectiveSatisfied="false" rollupProgressCompletion="false" objectiveMeasureWeight="0"';
    expect(item('practice')).toContain(`<imsss:rollupRules ${leftOut}/>`);
    expect(item('final')).not.toContain('rollupRules');
    expect(item('final')).toContain('<imsss:minNormalizedMeasure>0.7000</imsss:minNormalizedMeasure>');
    const scorm12 = scorm12Manifest(manifest);
    expect(scorm12).not.toContain('rollup');
    expect(await scormManifestErrors(scorm12)).toEqual([]);
  });

  const RULES: CompletionRule[] = [
    { lessons: 'all', quizzes: 'all' },
    { lessons: ['intro', 'final'], quizzes: ['second'] },
    { lessons: ['practice', 'final'], quizzes: 'all' },
    { lessons: 'all', quizzes: ['first'] },
  ];

  // The LMS side is scorm-again's sequencing (tests/helpers/scorm-sequencing.ts): what an LMS that
  // implements SCORM 2004 rollup shows for the course after each possible run through it.
  it.each(RULES)('makes an LMS show the course completed and passed exactly when Oqu would: %j', (rule) => {
    const tree = activityTree(scorm2004Manifest(courseManifest(rule)));
    const outline = {
      slug: 'rule',
      lessons: LESSONS.map((l) => l.id),
      quizzes: LESSONS.flatMap((l) => (l.quiz ? [l.quiz] : [])),
      completion: rule,
    };
    const mismatches: string[] = [];
    for (const outcomes of allOutcomes()) {
      const lms = playCourse(tree, outcomes);
      const outcome = (id: string) => outcomes[`item-${id}`];
      const oqu = evaluateCompletion(
        outline,
        LESSONS.filter((l) => ['completed', 'passed', 'failed'].includes(outcome(l.id)!)).map((l) => l.id),
        LESSONS.filter((l) => outcome(l.id) === 'passed').map((l) => l.quiz!),
      );
      const lmsComplete =
        lms.completion === 'completed' && (lms.success === 'passed' || oqu.requiredQuizzes.length === 0);
      const lessonsDone = oqu.missingLessons.length === 0;
      const quizzesPassed = oqu.requiredQuizzes.length > 0 && oqu.missingQuizzes.length === 0;
      if (lmsComplete !== oqu.complete || (lms.completion === 'completed') !== lessonsDone)
        mismatches.push(`${JSON.stringify(outcomes)}: LMS ${lms.completion}/${lms.success}, Oqu ${oqu.complete}`);
      else if ((lms.success === 'passed') !== quizzesPassed)
        mismatches.push(`${JSON.stringify(outcomes)}: LMS ${lms.success}, Oqu's quizzes passed ${quizzesPassed}`);
    }
    expect(mismatches).toEqual([]);
  });
});
