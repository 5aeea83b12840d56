/**
 * The pages and certificates are built with the site configuration of that moment. Before, a
 * signatory changed in oqu.config.yaml was silently ignored after a restart without a rebuild,
 * although start-up "checks the configuration". Now the real server refuses to start, naming
 * what changed and the fix (decision 024); a file changed only in its layout still starts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { makeDataDir, startServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';
import { freePort, runServerToExit } from '../helpers/server.ts';

test('a configuration changed since the build stops start-up with the changed fields and the fix', async () => {
  const dataDir = makeDataDir('config-changed');
  const shipped = readFileSync(join(siteRoot, 'oqu.config.yaml'), 'utf8');
  const changed = join(dataDir, 'changed.yaml');
  writeFileSync(
    changed,
    shipped
      .replace(/signatoryName: .*/, 'signatoryName: Нұрлан Ахметов')
      .replace('trustedHosts: []', 'trustedHosts: [https://oqu.turkistan.example.kz]'),
  );
  const refused = runServerToExit({ root: siteRoot, dataDir, port: await freePort(), env: { OQU_CONFIG: changed } });
  console.log(`[config-changed] exit ${refused.code}: ${refused.stderr.trim()}`);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(
    /changed since the site was built \(certificate\.signatoryName, trustedHosts\)[\s\S]*Run `npm run build`/,
  );

  const relaid = join(dataDir, 'relaid.yaml');
  writeFileSync(relaid, `# the same values, another layout\n${shipped.replace(/^#.*\n/gm, '')}\n`);
  const server = await startServer({ dataDir, env: { OQU_CONFIG: relaid } });
  try {
    expect((await fetch(`${server.baseURL}/healthz`)).status).toBe(200);
  } finally {
    await server.stop();
  }
});
