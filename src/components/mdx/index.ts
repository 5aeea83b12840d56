/** The components a lesson can use without importing them (see docs/authoring.md). */
import Callout from './Callout.astro';
import Case from './Case.astro';
import Exercise from './Exercise.astro';
import Figure from './Figure.astro';
import FurtherReading from './FurtherReading.astro';
import Handout from './Handout.astro';
import KeyTerms from './KeyTerms.astro';
import Term from './Term.astro';
import Video from './Video.astro';

export const mdxComponents = { Callout, Case, Exercise, Figure, FurtherReading, Handout, KeyTerms, Term, Video };
