/**
 * The competencies a programme develops (decision 047): those its file names, or, left out,
 * every competency one of its courses develops (names in course.yaml or assesses); groups are
 * left out, as on course credentials. Also the programme's Open Badges alignments. Pure.
 */
import type { CatalogProgramme } from '#lib/courses/catalog.ts';
import type { Competency, Framework } from '#lib/courses/framework-schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import type { Alignment } from '#lib/competencies/alignments.ts';
import { coursesDeveloping } from '#lib/competencies/rule.ts';

export interface ProgrammeCompetency {
  framework: { id: string; data: Framework };
  competency: Competency;
}

/** The site's frameworks, as the catalogue gives them to every course. */
const frameworksOf = (programme: CatalogProgramme) => programme.courses[0]?.frameworks ?? [];

export function programmeCompetencies(programme: CatalogProgramme): ProgrammeCompetency[] {
  const named = programme.data.competencies;
  return frameworksOf(programme).flatMap((framework) => {
    const groups = new Set(framework.data.competencies.map((c) => c.parent).filter(Boolean));
    return framework.data.competencies
      .filter((c) => !groups.has(c.id))
      .filter((c) => (named ? named.includes(c.id) : coursesDeveloping(programme.courses, c.id).length > 0))
      .map((competency) => ({ framework, competency }));
  });
}

/** The programme's competencies as alignments of its achievement; `frameworkUrl(id)`: the framework page. */
export function programmeAlignments(
  programme: CatalogProgramme,
  locale: Locale,
  chain: readonly Locale[],
  frameworkUrl: (id: string) => string,
): Alignment[] {
  return programmeCompetencies(programme).map(({ framework, competency: c }) => ({
    targetName: pickText(c.title, locale, chain),
    targetUrl: `${frameworkUrl(framework.id)}#${c.id}`,
    targetFramework: pickText(framework.data.title, locale, chain),
    targetCode: c.id,
    targetDescription: pickText(c.description, locale, chain),
  }));
}
