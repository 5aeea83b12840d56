/**
 * Reads the competency frameworks (`courses/_frameworks/`, decision 034) from the content
 * collection, once per process, for routes and the middleware; the domain gets plain data.
 */
import { getCollection } from 'astro:content';
import type { Framework } from '#lib/courses/framework-schema.ts';

export interface LoadedFramework {
  id: string;
  data: Framework;
}

let cache: Promise<LoadedFramework[]> | undefined;

/** Every framework, by id. */
export function loadFrameworks(): Promise<LoadedFramework[]> {
  cache ??= getCollection('frameworks').then((all) =>
    all.map((f) => ({ id: f.id, data: f.data })).sort((a, b) => a.id.localeCompare(b.id)),
  );
  return cache;
}

/** The framework with this id, if there is one. */
export async function findFramework(id: string): Promise<LoadedFramework | undefined> {
  return (await loadFrameworks()).find((f) => f.id === id);
}
