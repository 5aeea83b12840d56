/**
 * The check the course format makes of every list whose items are stored by id (a question's
 * choices, a quiz's questions, an assignment's rubric criteria): no id twice, since answers and
 * scores saved under it would then mean two things. One refinement for the quiz and assignment
 * schemas, so the rule and its message read the same everywhere.
 */
import type { z } from 'zod';
import { addAuthorIssue } from './author-messages.ts';

/**
 * Adds an issue at `[...path, i, 'id']` for each item whose id an earlier item already has, with
 * the author message `message` (`validate.author.<message>`, given `{id}`; it says what to do:
 * "give each question its own id").
 */
export function refineUniqueIds(
  ctx: z.RefinementCtx,
  items: readonly { id: string }[],
  path: readonly (string | number)[],
  message: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) addAuthorIssue(ctx, [...path, i, 'id'], message, { id: item.id });
    seen.add(item.id);
  });
}
