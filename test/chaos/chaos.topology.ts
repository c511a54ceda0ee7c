/**
 * The scaled system as local processes, as docker-compose.yml creates it: a 3-node NATS cluster (JetStream
 * R3), and every service as `node dist/services/<name>/main.js` with compose's environment (NATS_URL naming
 * all three nodes, NATS_REPLICAS=3, one DATA_DIR shared by the replicas of a service, LEDGER_PARTITIONS,
 * ARTIFACTS_PARTITIONS, ACCOUNTS_PARTITIONS and GOVERNANCE_PARTITIONS). What compose's containers get from having their own host
 * name and network, the processes get from the environment: a replica id per replica (kept across its
 * restarts, like a container's host name) and an HTTP port each. telegram-gateway polls the Bot API
 * emulator (compose's `bot` profile). Governance runs with short periods (a round every
 * GOVERNANCE_TICK_INTERVAL_MS, events a killed replica held redelivered after GOVERNANCE_EVENTS_ACK_WAIT_MS)
 * so proposals and pools end within the run.
 */
import { LedgerCommands, type ServiceRole } from '@ticketonomics/contracts';
import { CommandClient, ensureEventStream, EVENT_STREAM_LIMITS_DEFAULT } from '@ticketonomics/messaging';
import { startTelegramEmulator, type TelegramEmulator } from '@ticketonomics/telegram-emulator';
import {
  freePort,
  httpGetStatus,
  makeTempDir,
  removeDir,
  spawnService,
  startNatsCluster,
  waitFor,
  type NatsClusterHarness,
  type ServiceProcess,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { governancePartitionsOf, type ChaosService, type ChaosSettings } from './chaos.settings';

/** A replica's start, /readyz included; compose's health check gives a container about as long. */
const READY_TIMEOUT_MS = 90_000;
/** Starts tried before a replica counts as failing to come back (docker would keep trying). */
const START_ATTEMPTS_MAX = 3;
const METRICS_TIMEOUT_MS = 3_000;
const COMMAND_TIMEOUT_MS = 10_000;
/** Votes are decided and pools' deadlines kept within this of their time. */
const GOVERNANCE_TICK_INTERVAL_MS = 250;
/** A killed governance replica's unacknowledged accounts and ledger events come again after this. */
const GOVERNANCE_EVENTS_ACK_WAIT_MS = 2_000;

export interface Replica {
  readonly service: ChaosService;
  /** `ledger-2`: the replica's id (LEDGER_REPLICA_ID, ...) and log file name. */
  readonly name: string;
  readonly httpPort: number;
  readonly running: boolean;
  /** Times it was started (1 for the first start). */
  readonly starts: number;
  /** Starts the process (again, as a container restart: same id, data and port) and waits for /readyz. */
  start(): Promise<void>;
  /** SIGKILL, as a crash; resolves once the process is gone. */
  kill(): Promise<void>;
  ready(): Promise<boolean>;
  /** The sum of a Prometheus metric's samples on this replica, or undefined when it does not answer. */
  metric(name: string): Promise<number | undefined>;
  logPath: string;
}

export interface ChaosTopology {
  readonly cluster: NatsClusterHarness;
  readonly emulator: TelegramEmulator;
  readonly replicas: readonly Replica[];
  readonly logDir: string;
  /** The operator's connection (reconnects across node stops) and typed commands over it. */
  readonly operator: NatsConnection;
  readonly commands: CommandClient;
  of(service: ChaosService): Replica[];
  /** Base URLs of the api-gateway replicas, for clients that spread their requests over them. */
  gatewayUrls(): string[];
  close(): Promise<void>;
}

export async function startChaosTopology(
  settings: ChaosSettings,
  log: (line: string) => void,
): Promise<ChaosTopology> {
  const dataDir = await makeTempDir('ticketonomics-chaos-');
  const logDir =
    settings.logDir ??
    join(process.cwd(), 'test-artifacts', 'chaos', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(logDir, { recursive: true });
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
    await removeDir(dataDir);
  };
  try {
    const cluster = await startNatsCluster({ nodes: 3 });
    closers.push(() => cluster.dispose());
    const operator = await cluster.connect('operator', {
      name: 'chaos-operator',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    closers.push(() => operator.close());
    // As start.mjs does before the services: the event stream with a copy on each node.
    await ensureEventStream(operator, { ...EVENT_STREAM_LIMITS_DEFAULT, replicas: 3 }, { update: true });
    const emulator = await startTelegramEmulator({ botUsername: 'TicketBot' });
    closers.push(() => emulator.close());

    const replicas: ChaosReplica[] = [];
    closers.push(() => Promise.all(replicas.map((replica) => replica.kill())));
    const make = async (service: ChaosService, index: number) => {
      const name = `${service}-${index + 1}`;
      const env: Record<string, string> = {
        ...cluster.serviceEnv(service as ServiceRole),
        DATA_DIR: join(dataDir, service),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: process.env['CHAOS_LOG_LEVEL'] || 'warn',
      };
      if (service === 'ledger') {
        env['LEDGER_PARTITIONS'] = String(settings.partitions);
        env['LEDGER_REPLICA_ID'] = name;
      }
      if (service === 'artifacts') {
        env['ARTIFACTS_PARTITIONS'] = String(settings.partitions);
        env['ARTIFACTS_REPLICA_ID'] = name;
      }
      if (service === 'accounts') {
        env['ACCOUNTS_PARTITIONS'] = String(settings.partitions);
        env['ACCOUNTS_REPLICA_ID'] = name;
      }
      if (service === 'governance') {
        env['GOVERNANCE_PARTITIONS'] = String(governancePartitionsOf(settings));
        env['GOVERNANCE_REPLICA_ID'] = name;
        env['GOVERNANCE_TICK_INTERVAL_MS'] = String(GOVERNANCE_TICK_INTERVAL_MS);
        env['GOVERNANCE_EVENTS_ACK_WAIT_MS'] = String(GOVERNANCE_EVENTS_ACK_WAIT_MS);
      }
      if (service === 'telegram-gateway') {
        env['TELEGRAM_BOT_TOKEN'] = emulator.token;
        env['TELEGRAM_API_ROOT'] = emulator.apiRoot;
        env['TELEGRAM_WEBHOOK_URL'] = '';
      }
      const replica = new ChaosReplica(service, name, await freePort(), env, join(logDir, `${name}.log`));
      replicas.push(replica);
      return replica;
    };
    const starting = async (service: ChaosService) => {
      const count = settings.replicas[service];
      const made = await Promise.all(Array.from({ length: count }, (_, index) => make(service, index)));
      await Promise.all(made.map((replica) => replica.start()));
    };
    // compose's depends_on: the gateways after the ledger and accounts.
    await Promise.all(
      (['ledger', 'accounts', 'artifacts', 'analytics', 'governance'] as const).map(starting),
    );
    await Promise.all((['api-gateway', 'telegram-gateway'] as const).map(starting));
    log(
      `started ${replicas.length} service replicas (${replicas.map((replica) => replica.name).join(', ')}) on a 3-node NATS cluster; logs in ${logDir}`,
    );
    const commands = new CommandClient(operator, { timeoutMs: COMMAND_TIMEOUT_MS });
    // Every partition served before the community starts (the first replicas share them out).
    await waitFor(
      async () =>
        (await commands.request(LedgerCommands.journalVerify, {}).catch(() => undefined)) !== undefined,
      {
        timeoutMs: READY_TIMEOUT_MS,
        description: 'the ledger to answer journal.verify',
      },
    );
    return {
      cluster,
      emulator,
      replicas,
      logDir,
      operator,
      commands,
      of: (service) => replicas.filter((replica) => replica.service === service),
      gatewayUrls: () =>
        replicas
          .filter((replica) => replica.service === 'api-gateway')
          .map((replica) => `http://127.0.0.1:${replica.httpPort}`),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

class ChaosReplica implements Replica {
  private process: ServiceProcess | undefined;
  starts = 0;

  constructor(
    readonly service: ChaosService,
    readonly name: string,
    readonly httpPort: number,
    private readonly env: Record<string, string>,
    readonly logPath: string,
  ) {}

  get running(): boolean {
    return this.process?.running ?? false;
  }

  async start(): Promise<void> {
    if (this.running) return;
    let lastError: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS_MAX; attempt += 1) {
      this.starts += 1;
      try {
        this.process = await spawnService({
          name: this.service,
          env: { ...this.env, HTTP_PORT: String(this.httpPort) },
          readyUrl: `http://127.0.0.1:${this.httpPort}/readyz`,
          readyTimeoutMs: READY_TIMEOUT_MS,
          logPath: this.logPath,
        });
        return;
      } catch (error) {
        // A restart that fails (NATS still electing, a port not yet free) is tried again, as docker would.
        lastError = error;
        this.process = undefined;
      }
    }
    throw new Error(`${this.name} did not start in ${START_ATTEMPTS_MAX} tries: ${String(lastError)}`);
  }

  async kill(): Promise<void> {
    await this.process?.kill('SIGKILL');
  }

  async ready(): Promise<boolean> {
    return (
      this.running &&
      (await httpGetStatus(`http://127.0.0.1:${this.httpPort}/readyz`, METRICS_TIMEOUT_MS)) === 200
    );
  }

  async metric(name: string): Promise<number | undefined> {
    if (!this.running) return undefined;
    try {
      const response = await fetch(`http://127.0.0.1:${this.httpPort}/metrics`, {
        signal: AbortSignal.timeout(METRICS_TIMEOUT_MS),
      });
      const text = await response.text();
      return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
    } catch {
      return undefined;
    }
  }
}
