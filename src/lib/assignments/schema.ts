/**
 * The assignment format, for the submission domain. It is part of the public course format and
 * lives in src/lib/courses/assignment-schema.ts (the course checks and the catalogue read it,
 * and src/lib/courses imports nothing from here).
 */
export * from '#lib/courses/assignment-schema.ts';
