/**
 * The content loader of the `origins` collection: one entry per course folder (its id), holding
 * where an imported course came from (`origin.yaml` beside `course.yaml`, decision 030), or no
 * origin for a course written here.
 *
 * One entry per course rather than one per `origin.yaml`: a site without imported courses would
 * otherwise have an empty collection, which Astro reports on every build twice (the `glob`
 * loader's "No files found matching" and `getCollection`'s "does not exist or is empty"), with no
 * setting to say that an empty collection is expected. A clean build prints nothing (decision 019).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { parse } from 'yaml';

/** Reads the origin of every course folder under `base` (relative to the project root) into the store. */
async function loadOrigins({ store, parseData, config }: LoaderContext, base: string): Promise<void> {
  const root = fileURLToPath(new URL(base.replace(/\/?$/, '/'), config.root));
  const projectRoot = fileURLToPath(config.root);
  const folders = existsSync(root) ? readdirSync(root, { withFileTypes: true }) : [];
  store.clear();
  for (const folder of folders) {
    if (!folder.isDirectory() || !existsSync(join(root, folder.name, 'course.yaml'))) continue;
    const file = join(root, folder.name, 'origin.yaml');
    const imported = existsSync(file);
    const raw: Record<string, unknown> = imported ? { origin: parse(readFileSync(file, 'utf8')) as unknown } : {};
    const filePath = imported ? relative(projectRoot, file) : undefined;
    const data = await parseData({ id: folder.name, data: raw, ...(filePath && { filePath }) });
    store.set({ id: folder.name, data, ...(filePath && { filePath }) });
  }
}

/** The loader: reads at build (and dev start), and again in dev when a course's origin or description changes. */
export function courseOrigins(base: string): Loader {
  return {
    name: 'oqu-course-origins',
    load: async (context) => {
      await loadOrigins(context, base);
      const reload = (path: string) => {
        if (/(^|[\\/])(origin|course)\.yaml$/.test(path)) void loadOrigins(context, base);
      };
      for (const event of ['add', 'change', 'unlink'] as const) context.watcher?.on(event, reload);
    },
  };
}
