/**
 * The programs the benchmark measures against (nginx, the baseline for static files) or with
 * (Chromium, for Lighthouse), installed from Debian's packages before the run where the machine
 * allows it, as `.ci/run` does for the tests. Where it does not (no root, no password-less sudo,
 * no apt-get), the run goes on and the table says at its top which rows were not measured.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Tool {
  /** What the table calls it. */
  name: string;
  /** The Debian package that provides it. */
  debianPackage: string;
  /** The parts that cannot measure everything without it. */
  parts: readonly string[];
  present: () => boolean;
}

export type InstallPlan =
  | { kind: 'nothing' }
  | { kind: 'install'; command: readonly string[]; packages: readonly string[] }
  | { kind: 'cannot'; packages: readonly string[]; reason: string };

export interface Machine {
  isRoot: boolean;
  hasApt: boolean;
  /** sudo that asks for no password. */
  hasSudo: boolean;
}

/** What to do about the tools the selected parts need and the machine lacks (pure). */
export function planInstall(missing: readonly Tool[], machine: Machine): InstallPlan {
  if (!missing.length) return { kind: 'nothing' };
  const packages = [...new Set(missing.map((t) => t.debianPackage))];
  if (!machine.hasApt) return { kind: 'cannot', packages, reason: 'no apt-get on this machine' };
  if (!machine.isRoot && !machine.hasSudo)
    return { kind: 'cannot', packages, reason: 'not root and sudo asks for a password' };
  const prefix = machine.isRoot ? [] : ['sudo', '-n'];
  return {
    kind: 'install',
    command: [...prefix, 'apt-get', 'install', '-y', '--no-install-recommends', ...packages],
    packages,
  };
}

/** The tools that the selected parts need and this machine lacks. */
export function missingTools(tools: readonly Tool[], parts: readonly string[]): Tool[] {
  return tools.filter((t) => t.parts.some((p) => parts.includes(p)) && !t.present());
}

function succeeds(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function thisMachine(): Machine {
  return {
    isRoot: process.getuid?.() === 0,
    hasApt: existsSync('/usr/bin/apt-get'),
    hasSudo: succeeds('sudo', ['-n', 'true']),
  };
}

/**
 * Installs what the selected parts need and the machine lacks, where it can. Returns a line per
 * tool still missing afterwards, with the reason, for the top of the table.
 */
export function ensureTools(tools: readonly Tool[], parts: readonly string[], log: (line: string) => void): string[] {
  const missing = missingTools(tools, parts);
  const plan = planInstall(missing, thisMachine());
  if (plan.kind === 'install') {
    log(`\n== installing from Debian: ${plan.packages.join(', ')}`);
    const [command = 'apt-get', ...args] = plan.command;
    const installed = succeeds(command, args);
    // A fresh machine's package lists may be empty or stale: refresh them once and try again.
    if (!installed) {
      const update = [...plan.command.slice(0, plan.command.indexOf('apt-get') + 1), 'update'];
      if (succeeds(update[0] ?? 'apt-get', update.slice(1))) succeeds(command, args);
    }
  }
  return missing
    .filter((t) => !t.present())
    .map((t) => {
      const why =
        plan.kind === 'cannot'
          ? `${plan.reason}; install it with: apt-get install ${t.debianPackage}`
          : `still not found after apt-get install ${t.debianPackage}`;
      return `${t.name} missing (${why}): rows of ${t.parts.filter((p) => parts.includes(p)).join(', ')} not measured`;
    });
}
