/**
 * The competencies a certificate lists (decision 035): those the course develops that the holder
 * has demonstrated with this course's own evidence, titles in the certificate's language.
 */
import type { Database } from '#db/client.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { traineeCompetencies } from './evidence.server.ts';
import { coursesDeveloping } from './rule.ts';

type CompetencyTitle = NonNullable<Parameters<typeof pickText>[0]>;

/** The titles (every language) of the competencies the holder demonstrated with this course's evidence. */
export async function demonstratedTitles(
  db: Database,
  userId: string,
  course: CatalogCourse,
): Promise<CompetencyTitle[]> {
  const out: CompetencyTitle[] = [];
  for (const f of course.frameworks ?? []) {
    const groups = new Set(f.data.competencies.map((c) => c.parent).filter(Boolean));
    const developed = f.data.competencies.filter(
      (c) => !groups.has(c.id) && coursesDeveloping([course], c.id).length > 0,
    );
    if (developed.length === 0) continue;
    const states = await traineeCompetencies(db, userId, developed, [course]);
    for (const c of developed)
      if (states.find((s) => s.competency === c.id)?.state === 'demonstrated') out.push(c.title);
  }
  return out;
}
