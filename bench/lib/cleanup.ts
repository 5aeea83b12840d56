/**
 * Cleanup that runs however the benchmark ends: normally, on an exception, or on Ctrl-C.
 * Child processes are also killed synchronously on `exit`, the last chance Node gives.
 */
import type { ChildProcess } from 'node:child_process';

type Task = () => unknown;
const tasks: { name: string; run: Task }[] = [];
const children = new Set<ChildProcess>();
let installed = false;

/** Registers a cleanup task (run last-in, first-out); returns a function that unregisters it. */
export function onCleanup(name: string, run: Task): () => void {
  const entry = { name, run };
  tasks.push(entry);
  return () => {
    const at = tasks.indexOf(entry);
    if (at >= 0) tasks.splice(at, 1);
  };
}

/** Keeps a child process on the list of processes to kill if the benchmark dies. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Runs every registered task once, newest first; a failing task does not stop the others. */
export async function runCleanups(): Promise<void> {
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    try {
      await task.run();
    } catch (error) {
      console.error(`cleanup "${task.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  killChildrenNow();
}

function killChildrenNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** Installs the signal and exit handlers (once). */
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`\n${signal}: cleaning up`);
    void runCleanups().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killChildrenNow);
}
