// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { loadSiteConfigFile } from './src/lib/site/config.ts';
import { securityHeadersFor } from './src/lib/http/headers.ts';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
// A bad site configuration stops the build here, with a message naming the field.
const site = loadSiteConfigFile(projectRoot);

export default defineConfig({
  site: site.baseUrl,
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  integrations: [
    mdx(),
    {
      // The security headers for every response (HSTS too when baseUrl is HTTPS), read by src/cli/serve.mjs.
      name: 'oqu-security-headers',
      hooks: {
        'astro:build:done': ({ dir }) =>
          writeFileSync(
            new URL('../server/security-headers.json', dir),
            JSON.stringify(securityHeadersFor(site.baseUrl), null, 2),
          ),
      },
    },
  ],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  vite: {
    // The checked site configuration, baked into every page and the server at build time.
    define: { __OQU_SITE__: JSON.stringify(site) },
    // Bundled (and tree-shaken) into the server rather than loaded from node_modules at run
    // time: drizzle-orm's full module graph alone costs the server about 200 MB of memory.
    ssr: { noExternal: ['drizzle-orm'] },
  },
});
