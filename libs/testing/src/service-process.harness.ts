import { createWriteStream, existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  isRunning,
  killChild,
  spawnGuarded,
  stopChild,
  type GuardedChild,
  type ProcessExit,
} from './child-process';
import { LineRing } from './line-ring';
import { httpGetStatus } from './net-probe';
import { findRepoRoot } from './repo-root';
import { makeTempDir } from './temp-dir';
import { waitFor } from './wait-for';

export interface SpawnServiceOptions {
  /** Directory under dist/services/, e.g. 'ledger'. */
  name: string;
  /** Merged over this process's environment. */
  env: Record<string, string>;
  /** When set, wait until a GET to it answers 200. */
  readyUrl?: string;
  /** Default: the repo root. */
  cwd?: string;
  /** Default 30 s. */
  readyTimeoutMs?: number;
  /** Default: <fresh temp dir>/<name>.log. The file is kept after the process exits, for post-mortems. */
  logPath?: string;
}

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves once the process has exited and all its output has been read. */
  readonly exited: Promise<ProcessExit>;
  readonly running: boolean;
  /** The last stdout and stderr lines (pino JSON, mostly), oldest first. */
  logs(): string[];
  /** Sends signal (default SIGKILL, as in a crash) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** SIGTERM for a graceful shutdown, SIGKILL after 10 s. */
  stop(): Promise<ProcessExit>;
}

export type { ProcessExit } from './child-process';

const LOG_LIMIT_LINES = 2_000;
const ERROR_LOG_TAIL_LINES = 40;
const READY_TIMEOUT_MS = 30_000;
const READY_POLL_INTERVAL_MS = 100;
const READY_REQUEST_TIMEOUT_MS = 1_000;
const STOP_GRACE_MS = 10_000;
const SERVICE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Runs `node dist/services/<name>/main.js` (built by `npm run build`) as a child process. */
export async function spawnService(options: SpawnServiceOptions): Promise<ServiceProcess> {
  const { name } = options;
  if (!SERVICE_NAME.test(name)) throw new Error(`invalid service name ${JSON.stringify(name)}`);
  const root = findRepoRoot();
  const mainPath = join(root, 'dist', 'services', name, 'main.js');
  if (!existsSync(mainPath)) {
    throw new Error(`${mainPath} does not exist: build the services first with npm run build`);
  }
  const logPath = options.logPath ?? join(await makeTempDir(`ticketonomics-${name}-`), `${name}.log`);
  const guarded = await spawnGuarded(process.execPath, [mainPath], {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const service = new Service(name, guarded, logPath);
  if (options.readyUrl !== undefined) {
    await service.waitUntilReady(options.readyUrl, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  }
  return service;
}

class Service implements ServiceProcess {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  private readonly ring = new LineRing(LOG_LIMIT_LINES);

  constructor(
    readonly name: string,
    private readonly guarded: GuardedChild,
    readonly logPath: string,
  ) {
    this.pid = guarded.pid;
    this.exited = guarded.exited;
    const file = createWriteStream(logPath, { flags: 'a' });
    // A full disk must not crash the test run; the ring buffer still has the lines.
    file.on('error', (error) => this.ring.push(`[testing] cannot write ${logPath}: ${error.message}`));
    const record = (line: string): void => {
      this.ring.push(line);
      file.write(`${line}\n`);
    };
    for (const stream of [guarded.child.stdout, guarded.child.stderr]) {
      if (stream === null) continue;
      // Like the child itself, its pipes must not keep a finished test run alive.
      (stream as Readable as Socket).unref();
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', record);
    }
    void this.exited.then(() => file.end());
  }

  get running(): boolean {
    return isRunning(this.guarded.child);
  }

  logs(): string[] {
    return this.ring.toArray();
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit> {
    return killChild(this.guarded, signal);
  }

  stop(): Promise<ProcessExit> {
    return stopChild(this.guarded, STOP_GRACE_MS);
  }

  async waitUntilReady(readyUrl: string, timeoutMs: number): Promise<void> {
    const exitedEarly = new AbortController();
    void this.exited.then(() => exitedEarly.abort());
    try {
      await waitFor(async () => (await httpGetStatus(readyUrl, READY_REQUEST_TIMEOUT_MS)) === 200, {
        timeoutMs,
        intervalMs: READY_POLL_INTERVAL_MS,
        description: `service ${this.name} (pid ${this.pid}) to answer GET ${readyUrl} with 200`,
        signal: exitedEarly.signal,
      });
    } catch (error) {
      let reason: string;
      if (this.running) {
        await this.kill('SIGKILL');
        reason = error instanceof Error ? error.message : String(error);
      } else {
        const { code, signal } = await this.exited;
        reason = `service ${this.name} exited before it was ready (code ${code}, signal ${signal})`;
      }
      const tail = this.ring.tail(ERROR_LOG_TAIL_LINES).join('\n');
      throw new Error(`${reason}\nLast lines of its output (full log: ${this.logPath}):\n${tail}`);
    }
  }
}
