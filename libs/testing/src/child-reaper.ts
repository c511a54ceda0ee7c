import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { runInThisContext } from 'node:vm';

/** Child pid -> pid of the watchdog guarding it. */
type Guarded = Map<number, number | undefined>;

const GUARDED_KEY = Symbol.for('@ticketonomics/testing/guarded-children');

/**
 * Reads stdin until EOF, then SIGKILLs the child. The parent holds the other end of the pipe and never
 * writes, so EOF means the parent died, however it died: SIGKILL and jest's worker force-exit run no
 * 'exit' handlers, and an orphaned nats-server would keep its port and store dir.
 */
const WATCHDOG_SCRIPT = 'read -r _; kill -9 "$1" 2>/dev/null';

/**
 * Makes sure child dies with this process: killed from the host process's 'exit' event when the process
 * exits normally, and by a watchdog shell when it dies abruptly. Released when the child exits by itself.
 */
export function guardChild(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'watchdog', String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // Without /bin/sh the 'exit' hook below still covers normal exits.
  watchdog.on('error', () => undefined);
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  const guarded = guardedChildren();
  guarded.set(pid, watchdog.pid);
  child.once('exit', () => {
    guarded.delete(pid);
    // Kill the watchdog before closing its stdin: EOF would make it kill a pid the OS may reuse.
    watchdog.kill('SIGKILL');
    watchdog.stdin?.destroy();
  });
}

/** Pids of the children still guarded, for tests of the clean-up itself. */
export function guardedChildPids(): number[] {
  return [...guardedChildren().keys()];
}

function guardedChildren(): Guarded {
  const host = hostProcess() as NodeJS.Process & { [GUARDED_KEY]?: Guarded };
  // Kept on the host process because jest loads this module afresh for every test file: one map and one
  // 'exit' listener serve them all instead of a listener per file.
  const existing = host[GUARDED_KEY];
  if (existing !== undefined) return existing;
  const guarded: Guarded = new Map();
  host[GUARDED_KEY] = guarded;
  host.on('exit', () => {
    for (const [childPid, watchdogPid] of guarded) {
      killQuietly(host, childPid);
      if (watchdogPid !== undefined) killQuietly(host, watchdogPid);
    }
  });
  return guarded;
}

/**
 * Jest gives each test file a copy of `process` whose 'exit' event never fires; code run with
 * runInThisContext sees the real one. Outside jest both are the same object.
 */
function hostProcess(): NodeJS.Process {
  try {
    const host: unknown = runInThisContext('process');
    if (typeof host === 'object' && host !== null && typeof (host as NodeJS.Process).on === 'function') {
      return host as NodeJS.Process;
    }
  } catch {
    // No global `process` in that context: fall back to ours.
  }
  return process;
}

function killQuietly(host: NodeJS.Process, pid: number): void {
  try {
    host.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
