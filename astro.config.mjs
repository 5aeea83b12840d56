// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_CONFIG_FILE, loadSiteConfigFile } from './src/lib/site/config.ts';
import { securityHeadersFor } from './src/lib/http/headers.ts';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * In the preview, a file added to or removed from a course's assets/ folder is served (or 404s)
 * at once: the asset route's list of files is cached until content changes, so say it changed.
 * Before, a new figure showed as a broken image until the preview was restarted.
 * @returns {import('vite').Plugin}
 */
function previewCourseAssets() {
  const asset = /[\\/]courses[\\/][^\\/]+[\\/]assets[\\/]/;
  return {
    name: 'oqu-preview-course-assets',
    apply: 'serve',
    configureServer(server) {
      server.watcher.add(join(projectRoot, 'courses'));
      /** @param {string} file */
      const changed = (file) => {
        if (!asset.test(file)) return;
        for (const [name, environment] of Object.entries(server.environments)) {
          if (name !== 'client') environment.hot.send('astro:content-changed', {});
        }
      };
      server.watcher.on('add', changed);
      server.watcher.on('unlink', changed);
    },
  };
}
// A bad site configuration stops the build here, with a message naming the field.
const site = loadSiteConfigFile(projectRoot);

export default defineConfig({
  site: site.baseUrl,
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  integrations: [
    mdx(),
    {
      // The security headers for every response (HSTS too when baseUrl is HTTPS), read by src/cli/serve.mjs,
      // and the configuration this build was made with: start-up refuses a different one (decision 024).
      name: 'oqu-build-records',
      hooks: {
        'astro:build:done': ({ dir }) => {
          writeFileSync(
            new URL('../server/security-headers.json', dir),
            JSON.stringify(securityHeadersFor(site.baseUrl), null, 2),
          );
          writeFileSync(new URL(`../server/${BUILT_CONFIG_FILE}`, dir), JSON.stringify(site, null, 2));
        },
      },
    },
  ],
  trailingSlash: 'ignore',
  // Every stylesheet as a file of this site: the Content Security Policy (src/lib/http/headers.ts)
  // refuses inline <style>, which Astro would otherwise use for a page's small component styles.
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  vite: {
    // The checked site configuration, baked into every page and the server at build time.
    define: { __OQU_SITE__: JSON.stringify(site) },
    // Bundled (and tree-shaken) into the server rather than loaded from node_modules at run
    // time: drizzle-orm's full module graph alone costs the server about 200 MB of memory.
    ssr: { noExternal: ['drizzle-orm'] },
    plugins: [previewCourseAssets()],
    build: {
      rolldownOptions: {
        // @astrojs/mdx marks every lesson module "use astro:head-inject" for Astro's own head
        // handling; the bundler's boxed warning that it may drop the directive (once per lesson,
        // ~1,400 lines a build) is harmless and buried real errors. Every other warning stays.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
