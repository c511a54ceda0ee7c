import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { guardChild } from './child-reaper';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface GuardedChild {
  child: ChildProcess;
  pid: number;
  /** Resolves once the process has exited and its stdio is closed, so every log line has been read. */
  exited: Promise<ProcessExit>;
}

/**
 * Spawns a process that dies with this one, resolving once the OS has started it. The child does not keep
 * this process alive: a test that forgets to stop it still lets jest exit, and the exit hook kills it.
 */
export function spawnGuarded(command: string, args: string[], options: SpawnOptions): Promise<GuardedChild> {
  return new Promise((resolveChild, reject) => {
    const child = spawn(command, args, options);
    const exited = new Promise<ProcessExit>((resolveExit) =>
      child.once('close', (code, signal) => resolveExit({ code, signal })),
    );
    child.once('error', reject);
    child.once('spawn', () => {
      child.off('error', reject);
      // Later errors (a failed kill) must not crash the test process.
      child.on('error', () => undefined);
      guardChild(child);
      child.unref();
      resolveChild({ child, pid: child.pid as number, exited });
    });
  });
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends signal and resolves when the process has exited. */
export function killChild(
  { child, exited }: GuardedChild,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<ProcessExit> {
  // Hold the event loop open until the exit is seen, or a script awaiting this could end first.
  child.ref();
  if (isRunning(child)) child.kill(signal);
  return exited;
}

/**
 * SIGTERM, then SIGKILL if the process has not exited after graceMs. A process a test paused (SIGSTOP) is
 * resumed first: a stopped process would hold the SIGTERM until the grace ran out.
 */
export async function stopChild(guarded: GuardedChild, graceMs: number): Promise<ProcessExit> {
  if (isRunning(guarded.child)) guarded.child.kill('SIGCONT');
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<undefined>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(undefined), graceMs);
  });
  try {
    const exit = await Promise.race([killChild(guarded, 'SIGTERM'), graceOver]);
    return exit ?? (await killChild(guarded, 'SIGKILL'));
  } finally {
    clearTimeout(timer);
  }
}
