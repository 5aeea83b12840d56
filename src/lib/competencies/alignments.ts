/**
 * The competencies a course develops as Open Badges 3.0 alignments of its achievement
 * (decision 034): the competency's title and description in the credential's language, the
 * framework's title, the competency id as the code, and its anchor on the public framework page.
 */
import type { Framework } from '#lib/courses/framework-schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { coursesDeveloping, type AssessingCourse } from './rule.ts';

export interface Alignment {
  targetName: string;
  targetUrl: string;
  targetFramework: string;
  targetCode: string;
  targetDescription?: string;
}

/** `frameworkUrl(id)` is the absolute address of a framework's public page. */
export function courseAlignments(
  frameworks: readonly { id: string; data: Framework }[],
  course: AssessingCourse,
  locale: Locale,
  chain: readonly Locale[],
  frameworkUrl: (id: string) => string,
): Alignment[] {
  return frameworks.flatMap((f) => {
    const groups = new Set(f.data.competencies.map((c) => c.parent).filter(Boolean));
    return f.data.competencies
      .filter((c) => !groups.has(c.id) && coursesDeveloping([course], c.id).length > 0)
      .map((c) => ({
        targetName: pickText(c.title, locale, chain),
        targetUrl: `${frameworkUrl(f.id)}#${c.id}`,
        targetFramework: pickText(f.data.title, locale, chain),
        targetCode: c.id,
        targetDescription: pickText(c.description, locale, chain),
      }));
  });
}
