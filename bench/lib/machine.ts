/** What the numbers were measured on, recorded with every run. */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, freemem, release, totalmem, availableParallelism, loadavg } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGb: number;
  freeRamGb: number;
  loadAverage: number[];
  node: string;
  platform: string;
  kernel: string;
  nginx: string | null;
  chromium: string | null;
  date: string;
}

/** The first line a `--version`-like command prints (nginx -v prints to stderr). */
function versionOf(command: string, args: string[]): string | null {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  const out = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  return run.error || !out ? null : (out.split('\n')[0] ?? null);
}

function cpuModel(): string {
  const model = cpus()[0]?.model ?? 'unknown';
  try {
    // /proc/cpuinfo on some VMs has only a family name; lscpu may say more.
    const lscpu = execFileSync('lscpu', [], { encoding: 'utf8', timeout: 5000 });
    const line = lscpu.split('\n').find((l) => l.startsWith('Model name:'));
    const fromLscpu = line?.split(':')[1]?.trim();
    if (fromLscpu && fromLscpu.length > model.length) return fromLscpu;
  } catch {
    // lscpu missing: keep the model from Node
  }
  return model;
}

export function machineInfo(nginxBinary: string | null, chromiumBinary: string | null): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: availableParallelism(),
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    freeRamGb: Math.round((freemem() / 1024 ** 3) * 10) / 10,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    kernel: release(),
    nginx: nginxBinary ? versionOf(nginxBinary, ['-v']) : null,
    chromium: chromiumBinary ? versionOf(chromiumBinary, ['--version']) : null,
    date: new Date().toISOString(),
  };
}
