import {
  addTool,
  credentialsPath,
  ensureBusCredentials,
  listCredentials,
  natsAuthOptions,
  publicKeyOf,
  revokeUser,
  rotateUser,
} from '@ticketonomics/bus-auth';
import { SERVICE_ROLES, type ServiceRole } from '@ticketonomics/contracts';
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { accessSync, closeSync, constants, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { isRunning, killChild, spawnGuarded, stopChild, type GuardedChild } from './child-process';
import { freePort } from './free-port';
import { canConnect, httpGetStatus } from './net-probe';
import { makeTempDir, removeDir } from './temp-dir';
import { waitFor } from './wait-for';

export interface StartNatsServerOptions {
  /** Enable JetStream, stored under storeDir. Default true. */
  jetstream?: boolean;
  /** Client port; default a free one. */
  port?: number;
  /** Limit for the server to accept connections and answer /healthz. Default 10 s. */
  startTimeoutMs?: number;
  /** Default /usr/sbin/nats-server, else the first nats-server on PATH. */
  binaryPath?: string;
  /** Serve clients over TLS with this certificate (clients verify it with the CA in `tlsCaFile`). */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

export interface NatsServerHarness {
  /** nats://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** JetStream store directory, kept across restart(). */
  readonly storeDir: string;
  /** Temp directory holding storeDir and the log file; dispose() removes it. */
  readonly dir: string;
  /** Server stdout and stderr, appended across restarts. */
  readonly logPath: string;
  /**
   * Credentials of every service role and the operator (libs/bus-auth), made at start: the server is
   * closed like a real deployment, and each client connects as a user with its role's permissions.
   */
  readonly credentialsDir: string;
  /** The CA file clients verify the server with, when it serves TLS. */
  readonly tlsCaFile: string | undefined;
  credentialsFile(user: string): string;
  /** NATS_URL and NATS_CREDENTIALS_FILE for a service process of this role. */
  serviceEnv(role: ServiceRole): Record<string, string>;
  /** A client connection as `user` (default the operator, who may do everything). */
  connect(user?: string, options?: Partial<ConnectionOptions>): Promise<NatsConnection>;
  /** Credentials for a read-only tool (user `tools-<name>`), applied with a configuration reload. */
  addTool(name: string): Promise<string>;
  /** Remove a user and reload: the server closes its connections and refuses it from then on. */
  revoke(user: string): Promise<void>;
  /** New secret for a user and reload: the old secret stops working. */
  rotate(user: string): Promise<void>;
  /** Apply the credentials directory's auth.conf to the running server. */
  reload(): Promise<void>;
  /** Permission violations the server logged so far, as `<user>: <line>`. */
  permissionViolations(): Promise<string[]>;
  /** http://127.0.0.1:MONITOR_PORT; the monitor port changes on each start. */
  readonly monitorUrl: string;
  /** Pid of the running server, undefined when stopped. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Starts the server again after stop() or kill(), on the same port and store; no-op while running. */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL if still running after 5 s; resolves once exited. */
  stop(): Promise<void>;
  /** stop() then start(): same port, same store, so JetStream data survives. */
  restart(): Promise<void>;
  /** SIGKILL, as in a crash; resolves once exited. */
  kill(): Promise<void>;
  /**
   * stop() and remove the temp dir. Idempotent. Fails when a service role was refused a subject: the
   * service uses something libs/contracts/src/bus/bus.roles.ts does not grant it.
   */
  dispose(): Promise<void>;
  /** The last lines of the server log. */
  logTail(lines?: number): Promise<string[]>;
}

const DEFAULT_BINARY = '/usr/sbin/nats-server';
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const READY_POLL_INTERVAL_MS = 25;
const ERROR_LOG_TAIL_LINES = 40;
const PORT_ATTEMPTS = 3;

export class NatsServerStartError extends Error {
  constructor(
    message: string,
    readonly logTail: string[],
  ) {
    super(message);
    this.name = 'NatsServerStartError';
  }

  /** The client or monitor port was taken: worth retrying with other ports. */
  get portInUse(): boolean {
    return this.logTail.some((line) => line.includes('address already in use'));
  }
}

/** Starts a real nats-server on 127.0.0.1 with its own temp dir; see NatsServerHarness. */
export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<NatsServerHarness> {
  const binary = findNatsServerBinary(options.binaryPath);
  const dir = await makeTempDir('ticketonomics-nats-');
  try {
    for (let attempt = 1; ; attempt += 1) {
      const server = new NatsServer({
        binary,
        dir,
        port: options.port ?? (await freePort()),
        jetstream: options.jetstream ?? true,
        startTimeoutMs: options.startTimeoutMs ?? START_TIMEOUT_MS,
        tls: options.tls,
      });
      try {
        await server.start();
        return server;
      } catch (error) {
        // freePort() cannot reserve: another process may bind the port before the server does.
        const retry = error instanceof NatsServerStartError && error.portInUse;
        if (!retry || options.port !== undefined || attempt >= PORT_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}

/** Path of the nats-server executable, or an error that says how to install it. */
export function findNatsServerBinary(binaryPath?: string): string {
  const pathDirs = (process.env['PATH'] ?? '').split(delimiter).filter((entry) => entry !== '');
  const candidates =
    binaryPath !== undefined
      ? [binaryPath]
      : [DEFAULT_BINARY, ...pathDirs.map((entry) => join(entry, 'nats-server'))];
  const found = candidates.find(isExecutable);
  if (found !== undefined) return found;
  throw new Error(
    `nats-server binary not found (looked for ${binaryPath ?? `${DEFAULT_BINARY} and nats-server on PATH`}). ` +
      'Install it with: apt-get install nats-server',
  );
}

interface NatsServerConfig {
  binary: string;
  dir: string;
  port: number;
  jetstream: boolean;
  startTimeoutMs: number;
  tls: StartNatsServerOptions['tls'];
}

const RELOAD_TIMEOUT_MS = 5_000;

class NatsServer implements NatsServerHarness {
  readonly url: string;
  readonly storeDir: string;
  readonly logPath: string;
  readonly credentialsDir: string;
  private readonly configPath: string;
  private current: GuardedChild | undefined;
  private monitorPort = 0;
  private disposed = false;

  constructor(private readonly config: NatsServerConfig) {
    this.url = `nats://127.0.0.1:${config.port}`;
    this.storeDir = join(config.dir, 'store');
    this.logPath = join(config.dir, 'nats-server.log');
    this.credentialsDir = join(config.dir, 'credentials');
    this.configPath = join(config.dir, 'nats-server.conf');
    ensureBusCredentials(this.credentialsDir);
  }

  /**
   * Everything in the file, not in flags: a reload re-reads only the file, and a server started with -js
   * whose file has no jetstream block shuts JetStream down on reload.
   */
  private writeConfig(): void {
    const { tls } = this.config;
    writeFileSync(
      this.configPath,
      [
        `listen: "127.0.0.1:${this.port}"`,
        `http: "127.0.0.1:${this.monitorPort}"`,
        ...(this.config.jetstream ? [`jetstream { store_dir: ${JSON.stringify(this.storeDir)} }`] : []),
        'include "credentials/auth.conf"',
        ...(tls === undefined
          ? []
          : [`tls { cert_file: ${JSON.stringify(tls.certFile)}, key_file: ${JSON.stringify(tls.keyFile)} }`]),
        '',
      ].join('\n'),
    );
  }

  get tlsCaFile(): string | undefined {
    return this.config.tls?.caFile;
  }

  credentialsFile(user: string): string {
    return credentialsPath(this.credentialsDir, user);
  }

  serviceEnv(role: ServiceRole): Record<string, string> {
    return {
      NATS_URL: this.url,
      NATS_CREDENTIALS_FILE: this.credentialsFile(role),
      ...(this.tlsCaFile !== undefined ? { NATS_TLS_CA_FILE: this.tlsCaFile } : {}),
    };
  }

  async connect(user = 'operator', options: Partial<ConnectionOptions> = {}): Promise<NatsConnection> {
    return await connect({
      servers: this.url,
      name: `test-${user}`,
      ...natsAuthOptions(this.credentialsFile(user), this.tlsCaFile),
      ...options,
    });
  }

  async addTool(name: string): Promise<string> {
    const { credentials } = addTool(this.credentialsDir, name);
    await this.reload();
    return credentials.user;
  }

  async revoke(user: string): Promise<void> {
    revokeUser(this.credentialsDir, user);
    await this.reload();
  }

  async rotate(user: string): Promise<void> {
    rotateUser(this.credentialsDir, user);
    await this.reload();
  }

  async reload(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return;
    const before = (await this.logTail(100_000)).filter((line) => line.includes('Reloaded')).length;
    process.kill(pid, 'SIGHUP');
    await waitFor(
      async () => (await this.logTail(100_000)).filter((line) => line.includes('Reloaded')).length > before,
      {
        timeoutMs: RELOAD_TIMEOUT_MS,
        intervalMs: READY_POLL_INTERVAL_MS,
        description: 'nats-server to reload',
      },
    );
  }

  async permissionViolations(): Promise<string[]> {
    const users = new Map(listCredentials(this.credentialsDir).map((c) => [publicKeyOf(c), c.user]));
    const lines = await this.logTail(100_000);
    return lines
      .filter((line) => /(Publish|Subscription) Violation/.test(line))
      .map((line) => {
        const key = /Nkey "([A-Z0-9]+)"/.exec(line)?.[1] ?? '';
        return `${users.get(key) ?? (key || 'unknown')}: ${line}`;
      });
  }

  get port(): number {
    return this.config.port;
  }

  get dir(): string {
    return this.config.dir;
  }

  get monitorUrl(): string {
    return `http://127.0.0.1:${this.monitorPort}`;
  }

  get pid(): number | undefined {
    return this.running ? this.current?.pid : undefined;
  }

  get running(): boolean {
    return this.current !== undefined && isRunning(this.current.child);
  }

  async start(): Promise<void> {
    if (this.disposed) throw new Error(`nats-server harness for ${this.url} was disposed`);
    if (this.running) return;
    this.monitorPort = await freePort();
    this.writeConfig();
    const args = ['-c', this.configPath];

    // The server writes straight to the file: nothing to pump, and a crash's last words are kept.
    const logFd = openSync(this.logPath, 'a');
    try {
      writeSync(logFd, `--- ${new Date().toISOString()} ${this.config.binary} ${args.join(' ')}\n`);
      this.current = await spawnGuarded(this.config.binary, args, {
        cwd: this.dir,
        stdio: ['ignore', logFd, logFd],
      });
    } finally {
      closeSync(logFd);
    }
    await this.waitUntilReady(this.current);
  }

  async stop(): Promise<void> {
    if (this.current !== undefined) await stopChild(this.current, STOP_GRACE_MS);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async kill(): Promise<void> {
    if (this.current !== undefined) await killChild(this.current, 'SIGKILL');
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.stop();
    const refusedServices = (await this.permissionViolations()).filter((line) =>
      (SERVICE_ROLES as readonly string[]).includes(line.slice(0, line.indexOf(':'))),
    );
    await removeDir(this.dir);
    if (refusedServices.length > 0) {
      throw new Error(
        'NATS refused subjects to services; grant them in libs/contracts/src/bus/bus.roles.ts or stop ' +
          `using them:\n${refusedServices.join('\n')}`,
      );
    }
  }

  async logTail(lines = ERROR_LOG_TAIL_LINES): Promise<string[]> {
    const text = await readFile(this.logPath, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .slice(-lines);
  }

  private async waitUntilReady(server: GuardedChild): Promise<void> {
    const exitedEarly = new AbortController();
    void server.exited.then(() => exitedEarly.abort());
    const healthUrl = `${this.monitorUrl}/healthz`;
    try {
      // /healthz answers 200 only once JetStream (when enabled) has finished starting.
      await waitFor(async () => (await canConnect(this.port)) && (await httpGetStatus(healthUrl)) === 200, {
        timeoutMs: this.config.startTimeoutMs,
        intervalMs: READY_POLL_INTERVAL_MS,
        description: `nats-server on ${this.url} to accept connections and answer ${healthUrl} with 200`,
        signal: exitedEarly.signal,
      });
    } catch (error) {
      let reason: string;
      if (isRunning(server.child)) {
        await killChild(server, 'SIGKILL');
        reason = error instanceof Error ? error.message : String(error);
      } else {
        const { code, signal } = await server.exited;
        reason = `nats-server exited during start-up (code ${code}, signal ${signal})`;
      }
      const tail = await this.logTail();
      throw new NatsServerStartError(`${reason}\nLast lines of ${this.logPath}:\n${tail.join('\n')}`, tail);
    }
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
