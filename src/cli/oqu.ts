/**
 * Oqu's command line: `npm run oqu -- <command>`. Runs directly under Node >= 22.18
 * (TypeScript type stripping), so it needs no build step.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { runValidate } from './validate.ts';
import { runServe } from './serve.ts';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const commands: Record<string, { help: string; run: (args: string[]) => Promise<number> }> = {
  validate: { help: 'check every course file in courses/ (or the folder given)', run: (args) => runValidate(projectRoot, args) },
  serve: { help: 'serve the built site (run `npm run build` first)', run: () => runServe(projectRoot) },
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log('usage: npm run oqu -- <command>\n');
    for (const [key, c] of Object.entries(commands)) console.log(`  ${key.padEnd(12)} ${c.help}`);
    return name ? 2 : 0;
  }
  return command.run(args);
}

process.exitCode = await main();
