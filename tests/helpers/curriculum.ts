/**
 * The curriculum Oqu ships: the trainee courses, and train-the-trainer, which is for trainers
 * (`audience: trainers`, listed under "For trainers") but held to the same rules. A new curriculum
 * course is added here, so the curriculum's tests cover it. The example course (a template for
 * authors) is not part of it, and neither is any course a host adds to its own copy: those are
 * checked by `npm run validate`, not by the curriculum's editorial rules, so a partner's own course
 * does not fail `npm test`.
 */
export const CURRICULUM = [
  'creative-industries',
  'dialogue-facilitation',
  'grant-writing',
  'social-entrepreneurship',
  'train-the-trainer',
  'urbanism',
] as const;
