// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { fileURLToPath } from 'node:url';
import { loadSiteConfigFile } from './src/lib/site/config.ts';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
// A bad site configuration stops the build here, with a message naming the field.
const site = loadSiteConfigFile(projectRoot);

export default defineConfig({
  site: site.baseUrl,
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  integrations: [mdx()],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  vite: {
    // The checked site configuration, baked into every page and the server at build time.
    define: { __OQU_SITE__: JSON.stringify(site) },
  },
});
