/**
 * When, and through which course, a trainee demonstrated each competency (the rule of decision
 * 035, dated), for the programme report: derived from evidence, the moment the last question or
 * criterion of a course assessing it got its evidence (the earliest such course); set by hand,
 * the moment of the trainer's latest setting, when it says demonstrated. Groups (competencies
 * that others name as parent) are left out: they summarise the others and would count them twice.
 */
import type { Competency } from '#lib/courses/framework-schema.ts';
import { deriveStates, type AssessedItem, type TraineeRecord } from './rule.ts';

export interface Demonstration {
  competency: string;
  at: Date;
  /** The course whose evidence completed it; null when a trainer set it by hand. */
  course: string | null;
}

/** The competencies a trainee has demonstrated, each with when and through which course. */
export function demonstrations(
  competencies: readonly Pick<Competency, 'id' | 'parent'>[],
  items: readonly AssessedItem[],
  record: TraineeRecord,
): Demonstration[] {
  const groups = new Set(competencies.map((c) => c.parent).filter(Boolean));
  const out: Demonstration[] = [];
  for (const status of deriveStates(competencies, items, record)) {
    if (groups.has(status.competency) || status.state !== 'demonstrated') continue;
    if (status.override) {
      out.push({ competency: status.competency, at: status.override.at, course: null });
      continue;
    }
    const mine = items.filter((i) => i.competency === status.competency);
    let first: { at: Date; course: string } | undefined;
    for (const course of new Set(mine.map((i) => i.course))) {
      const needed = mine.filter((i) => i.course === course);
      const dates = needed.map(
        (i) => status.evidence.find((e) => e.course === course && e.source === i.source && e.item === i.item)?.at,
      );
      if (dates.some((d) => !d)) continue;
      const at = new Date(Math.max(...dates.map((d) => d!.getTime())));
      if (!first || at < first.at) first = { at, course };
    }
    if (first) out.push({ competency: status.competency, ...first });
  }
  return out;
}
