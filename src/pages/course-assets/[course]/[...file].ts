/**
 * Images and handouts from `courses/<course>/assets/`, copied into the build. The kinds were
 * checked by content at validate and import (src/lib/courses/asset-kinds.ts); the server sends
 * each with its type, as a download unless an image or media, and under a policy that runs no
 * script (src/cli/server/path-headers.mjs; the same headers here for `astro dev`).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assetResponseHeaders } from '#lib/courses/asset-types.mjs';

const root = join(process.cwd(), 'courses');

/** Files under `dir`, leaving out dot files and folders (an import's half-placed folders among them). */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.'))
    .flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : []));
}

export const getStaticPaths = (() =>
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && existsSync(join(root, d.name, 'assets')))
    .flatMap((d) => {
      const assets = join(root, d.name, 'assets');
      return listFiles(assets).map((abs) => ({
        params: { course: d.name, file: relative(assets, abs).replace(/\\/g, '/') },
        props: { abs },
      }));
    })) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, params }) =>
  new Response(readFileSync(props.abs as string), { headers: assetResponseHeaders(String(params.file)) });
