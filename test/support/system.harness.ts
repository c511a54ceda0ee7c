import { credentialsPath, localBusPaths, natsAuthOptions } from '@ticketonomics/bus-auth';
import {
  findRepoRoot,
  freePort,
  httpGetStatus,
  LineRing,
  makeTempDir,
  removeDir,
  spawnGuarded,
  stopChild,
  waitFor,
  type GuardedChild,
} from '@ticketonomics/testing';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';

/** The services `npm start` runs without a Telegram token. */
export const SYSTEM_SERVICES = [
  'ledger',
  'accounts',
  'artifacts',
  'governance',
  'analytics',
  'api-gateway',
] as const;
export type SystemService = (typeof SYSTEM_SERVICES)[number];

const START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 20_000;
const SCRIPT_TIMEOUT_MS = 30_000;

export interface RunningSystem {
  dataDir: string;
  natsUrl: string;
  credentialsDir: string;
  httpPorts: Record<SystemService, number>;
  /** A client of the bus as `user`, with the credentials npm start made (default the operator). */
  connect(user?: string, options?: Partial<ConnectionOptions>): Promise<NatsConnection>;
  /** An operator's script (infra/scripts/<name>.mjs) against this system, as `npm run` would run it. */
  runScript(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** /readyz of every service. */
  readiness(): Promise<Record<SystemService, number | undefined>>;
  /** The supervisor's output so far (every service's log lines, prefixed with its name). */
  output(): string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * The script `npm start` or `npm run demo` runs after the build: infra/scripts/start.mjs (the default), or
   * demo.mjs, which runs start.mjs and then plays a simulated community.
   */
  script?: 'start' | 'demo';
  /** More environment for the script (DEMO_SEED, ...). */
  env?: Record<string, string>;
}

/**
 * The whole system exactly as `npm start` runs it (infra/scripts/start.mjs: its own closed nats-server and
 * every built service), on free ports and a temp DATA_DIR. `npm run build` comes first.
 */
export async function startSystem(options: StartOptions = {}): Promise<RunningSystem> {
  const root = findRepoRoot();
  const dataDir = await makeTempDir('ticketonomics-system-');
  const natsPort = await freePort();
  const httpPorts = {} as Record<SystemService, number>;
  for (const name of SYSTEM_SERVICES) httpPorts[name] = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    NATS_PORT: String(natsPort),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
    NO_COLOR: '1',
    ...options.env,
  };
  for (const name of ['NATS_URL', 'NATS_CREDENTIALS_FILE', 'TELEGRAM_BOT_TOKEN']) delete env[name];
  for (const name of SYSTEM_SERVICES) {
    env[`${name.toUpperCase().replace(/-/g, '_')}_HTTP_PORT`] = String(httpPorts[name]);
  }
  const ring = new LineRing(5_000);
  const child: GuardedChild = await spawnGuarded(
    process.execPath,
    [join(root, 'infra', 'scripts', `${options.script ?? 'start'}.mjs`)],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const stream of [child.child.stdout, child.child.stderr]) {
    if (stream !== null) createInterface({ input: stream }).on('line', (line) => ring.push(line));
  }
  const paths = localBusPaths(dataDir);
  const natsUrl = `nats://127.0.0.1:${natsPort}`;
  const scriptEnv = { ...env };
  delete scriptEnv['NATS_PORT'];
  const readiness = async () => {
    const statuses = {} as Record<SystemService, number | undefined>;
    for (const name of SYSTEM_SERVICES) {
      statuses[name] = await httpGetStatus(`http://127.0.0.1:${httpPorts[name]}/readyz`, 1_000);
    }
    return statuses;
  };
  const system: RunningSystem = {
    dataDir,
    natsUrl,
    credentialsDir: paths.credentialsDir,
    httpPorts,
    connect(user = 'operator', options = {}) {
      return connect({
        servers: natsUrl,
        name: `system-test-${user}`,
        ...natsAuthOptions(credentialsPath(paths.credentialsDir, user)),
        ...options,
      });
    },
    runScript(name, args) {
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          [join(root, 'infra', 'scripts', `${name}.mjs`), ...args],
          { cwd: root, env: scriptEnv, timeout: SCRIPT_TIMEOUT_MS },
          (error, stdout, stderr) =>
            resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
        );
      });
    },
    readiness,
    output: () => ring.toArray(),
    async stop() {
      await stopChild(child, STOP_GRACE_MS);
      await removeDir(dataDir);
    },
  };
  // A script that exits (a bad setting, a port in use) ends the wait at once, with its last lines.
  const exitedEarly = new AbortController();
  void child.exited.then(({ code, signal }) =>
    exitedEarly.abort(new Error(`${options.script ?? 'start'}.mjs exited (${signal ?? `code ${code}`})`)),
  );
  try {
    await waitFor(
      async () =>
        existsSync(paths.urlFile) &&
        readFileSync(paths.urlFile, 'utf8').trim() === natsUrl &&
        Object.values(await readiness()).every((status) => status === 200),
      {
        timeoutMs: START_TIMEOUT_MS,
        intervalMs: 250,
        description: 'npm start to bring every service up',
        signal: exitedEarly.signal,
      },
    );
  } catch (error) {
    const tail = ring.toArray().slice(-40).join('\n');
    await system.stop().catch(() => undefined);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nLast lines:\n${tail}`);
  }
  return system;
}
