/** Images and handouts from `courses/<course>/assets/`, copied into the build. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(process.cwd(), 'courses');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)]));
}

export const getStaticPaths = (() =>
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'assets')))
    .flatMap((d) => {
      const assets = join(root, d.name, 'assets');
      return listFiles(assets).map((abs) => ({ params: { course: d.name, file: relative(assets, abs).replace(/\\/g, '/') }, props: { abs } }));
    })) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(readFileSync(props.abs as string));
