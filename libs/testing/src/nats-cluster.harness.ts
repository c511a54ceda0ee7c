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
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRunning, killChild, spawnGuarded, stopChild, type GuardedChild } from './child-process';
import { freePort } from './free-port';
import {
  findNatsServerBinary,
  NatsServerStartError,
  type StartNatsServerOptions,
} from './nats-server.harness';
import { canConnect, httpGetStatus } from './net-probe';
import { makeTempDir, removeDir } from './temp-dir';
import { waitFor } from './wait-for';

export interface StartNatsClusterOptions extends Omit<StartNatsServerOptions, 'port' | 'jetstream'> {
  /** Servers in the cluster. Default 3: JetStream needs a majority, so 3 survive one node down. */
  nodes?: number;
  /** Limit for every node to answer /healthz and agree on a JetStream meta leader. Default 20 s. */
  clusterReadyTimeoutMs?: number;
}

/** One nats-server of the cluster. */
export interface NatsClusterNode {
  readonly index: number;
  /** server_name, as JetStream reports leaders and peers: `n1`, `n2`, ... */
  readonly name: string;
  /** nats://127.0.0.1:PORT of this node alone. */
  readonly url: string;
  readonly port: number;
  readonly monitorUrl: string;
  readonly storeDir: string;
  readonly logPath: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  logTail(lines?: number): Promise<string[]>;
}

/**
 * A JetStream cluster of real nats-server processes on 127.0.0.1, closed like the single-server harness
 * (every client authenticates; routes authenticate with a password of their own), each node with its own
 * store, kept across stop(i) / start(i).
 */
export interface NatsClusterHarness {
  /** Every node's client URL, comma-separated: what NATS_URL takes. */
  readonly url: string;
  readonly nodes: readonly NatsClusterNode[];
  /** Temp directory holding the credentials and every node's config, store and log. */
  readonly dir: string;
  readonly credentialsDir: string;
  readonly tlsCaFile: string | undefined;
  credentialsFile(user: string): string;
  /** NATS_URL (all nodes), NATS_CREDENTIALS_FILE and NATS_REPLICAS for a service process of this role. */
  serviceEnv(role: ServiceRole): Record<string, string>;
  /** A client connection as `user` (default the operator) to any node, or to `options.servers`. */
  connect(user?: string, options?: Partial<ConnectionOptions>): Promise<NatsConnection>;
  addTool(name: string): Promise<string>;
  revoke(user: string): Promise<void>;
  rotate(user: string): Promise<void>;
  /** Apply the credentials directory's auth.conf to every running node. */
  reload(): Promise<void>;
  /** Permission violations any node logged, as `<user>: <line>`. */
  permissionViolations(): Promise<string[]>;
  /** The JetStream meta leader's server_name as the running nodes see it; undefined while they disagree. */
  metaLeader(): Promise<string | undefined>;
  /** Waits until every running node names the same meta leader. */
  waitForMetaLeader(timeoutMs?: number): Promise<string>;
  /** Index of the node a client named `connectionName` is connected to (from /connz), if any. */
  nodeOfConnection(connectionName: string): Promise<number | undefined>;
  /** Index of the node called `name` (`n2` is 1). */
  indexOf(name: string): number;
  /** SIGTERM node i (SIGKILL after 5 s); resolves once it exited. */
  stop(index: number): Promise<void>;
  /** SIGKILL node i, as in a crash. */
  kill(index: number): Promise<void>;
  /** Start node i again on its ports and store; waits for /healthz and the meta leader. */
  start(index: number): Promise<void>;
  stopAll(): Promise<void>;
  /** stopAll() and remove the temp dir; fails when a service role was refused a subject. Idempotent. */
  dispose(): Promise<void>;
}

const CLUSTER_NAME = 'ticketonomics-test';
const ROUTE_USER = 'route';
const CLUSTER_READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;
const POLL_INTERVAL_MS = 50;
const PORT_ATTEMPTS = 3;
const LOG_LINES_ALL = 100_000;

/** Starts `nodes` nats-servers as one JetStream cluster and waits for its meta leader. */
export async function startNatsCluster(options: StartNatsClusterOptions = {}): Promise<NatsClusterHarness> {
  const binary = findNatsServerBinary(options.binaryPath);
  const size = options.nodes ?? 3;
  if (!Number.isInteger(size) || size < 1) throw new Error(`nodes must be a whole number ≥ 1, got ${size}`);
  for (let attempt = 1; ; attempt += 1) {
    const dir = await makeTempDir('ticketonomics-nats-cluster-');
    const cluster = new NatsCluster(binary, dir, size, options, await allocatePorts(size));
    try {
      await Promise.all(cluster.nodes.map((node) => node.start()));
      await cluster.waitForMetaLeader(options.clusterReadyTimeoutMs);
      return cluster;
    } catch (error) {
      await cluster.stopAll();
      await removeDir(dir);
      // freePort() cannot reserve: another process may bind a port before a node does.
      const retry = error instanceof NatsServerStartError && error.portInUse;
      if (!retry || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

interface NodePorts {
  client: number;
  route: number;
  monitor: number;
}

async function allocatePorts(size: number): Promise<NodePorts[]> {
  const ports: NodePorts[] = [];
  for (let i = 0; i < size; i += 1) {
    ports.push({ client: await freePort(), route: await freePort(), monitor: await freePort() });
  }
  return ports;
}

class NatsCluster implements NatsClusterHarness {
  readonly nodes: ClusterNode[];
  readonly credentialsDir: string;
  readonly url: string;
  private disposed = false;

  constructor(
    binary: string,
    readonly dir: string,
    size: number,
    private readonly options: StartNatsClusterOptions,
    ports: NodePorts[],
  ) {
    this.credentialsDir = join(dir, 'credentials');
    ensureBusCredentials(this.credentialsDir);
    const routePassword = randomBytes(18).toString('hex');
    const routes = ports.map((p) => `nats-route://${ROUTE_USER}:${routePassword}@127.0.0.1:${p.route}`);
    this.nodes = ports.map(
      (nodePorts, index) =>
        new ClusterNode({
          binary,
          dir,
          index,
          ports: nodePorts,
          routes,
          routePassword,
          tls: options.tls,
          startTimeoutMs: options.startTimeoutMs ?? CLUSTER_READY_TIMEOUT_MS,
        }),
    );
    this.url = this.nodes.map((node) => node.url).join(',');
  }

  get tlsCaFile(): string | undefined {
    return this.options.tls?.caFile;
  }

  credentialsFile(user: string): string {
    return credentialsPath(this.credentialsDir, user);
  }

  serviceEnv(role: ServiceRole): Record<string, string> {
    return {
      NATS_URL: this.url,
      NATS_CREDENTIALS_FILE: this.credentialsFile(role),
      NATS_REPLICAS: String(Math.min(this.nodes.length, 3)),
      ...(this.tlsCaFile !== undefined ? { NATS_TLS_CA_FILE: this.tlsCaFile } : {}),
    };
  }

  async connect(user = 'operator', options: Partial<ConnectionOptions> = {}): Promise<NatsConnection> {
    return await connect({
      servers: this.nodes.filter((node) => node.running).map((node) => node.url),
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
    await Promise.all(this.nodes.map((node) => node.reload()));
  }

  async permissionViolations(): Promise<string[]> {
    const users = new Map(listCredentials(this.credentialsDir).map((c) => [publicKeyOf(c), c.user]));
    const lines = (await Promise.all(this.nodes.map((node) => node.logTail(LOG_LINES_ALL)))).flat();
    return lines
      .filter((line) => /(Publish|Subscription) Violation/.test(line))
      .map((line) => {
        const key = /Nkey "([A-Z0-9]+)"/.exec(line)?.[1] ?? '';
        return `${users.get(key) ?? (key || 'unknown')}: ${line}`;
      });
  }

  async metaLeader(): Promise<string | undefined> {
    const running = this.nodes.filter((node) => node.running);
    const leaders = await Promise.all(running.map((node) => node.metaLeader()));
    const first = leaders[0];
    return first !== undefined && leaders.every((leader) => leader === first) ? first : undefined;
  }

  async waitForMetaLeader(timeoutMs = CLUSTER_READY_TIMEOUT_MS): Promise<string> {
    return await waitFor(() => this.metaLeader(), {
      timeoutMs,
      intervalMs: POLL_INTERVAL_MS,
      description: `the NATS cluster in ${this.dir} to agree on a JetStream meta leader`,
    });
  }

  async nodeOfConnection(connectionName: string): Promise<number | undefined> {
    for (const node of this.nodes) {
      if (!node.running) continue;
      if ((await node.connectionNames()).includes(connectionName)) return node.index;
    }
    return undefined;
  }

  indexOf(name: string): number {
    const index = this.nodes.findIndex((node) => node.name === name);
    if (index < 0)
      throw new Error(`no node named ${name} (nodes: ${this.nodes.map((n) => n.name).join(', ')})`);
    return index;
  }

  private node(index: number): ClusterNode {
    const node = this.nodes[index];
    if (node === undefined) throw new Error(`no node ${index}: the cluster has ${this.nodes.length}`);
    return node;
  }

  async stop(index: number): Promise<void> {
    await this.node(index).stop();
  }

  async kill(index: number): Promise<void> {
    await this.node(index).kill();
  }

  async start(index: number): Promise<void> {
    if (this.disposed) throw new Error(`NATS cluster in ${this.dir} was disposed`);
    await this.node(index).start();
    await this.waitForMetaLeader(this.options.clusterReadyTimeoutMs);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.stopAll();
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
}

interface ClusterNodeConfig {
  binary: string;
  /** The cluster's dir: node configs live there, beside credentials/, since includes are relative. */
  dir: string;
  index: number;
  ports: NodePorts;
  routes: string[];
  routePassword: string;
  tls: StartNatsServerOptions['tls'];
  startTimeoutMs: number;
}

class ClusterNode implements NatsClusterNode {
  readonly name: string;
  readonly url: string;
  readonly monitorUrl: string;
  readonly storeDir: string;
  readonly logPath: string;
  private readonly configPath: string;
  private current: GuardedChild | undefined;

  constructor(private readonly config: ClusterNodeConfig) {
    this.name = `n${config.index + 1}`;
    this.url = `nats://127.0.0.1:${config.ports.client}`;
    this.monitorUrl = `http://127.0.0.1:${config.ports.monitor}`;
    this.storeDir = join(config.dir, this.name, 'store');
    this.logPath = join(config.dir, this.name, 'nats-server.log');
    this.configPath = join(config.dir, `${this.name}.conf`);
    mkdirSync(join(config.dir, this.name));
    this.writeConfig();
  }

  get index(): number {
    return this.config.index;
  }

  get port(): number {
    return this.config.ports.client;
  }

  get pid(): number | undefined {
    return this.running ? this.current?.pid : undefined;
  }

  get running(): boolean {
    return this.current !== undefined && isRunning(this.current.child);
  }

  /** The shape of infra/nats/nats.conf: server_name, JetStream store, cluster with authenticated routes. */
  private writeConfig(): void {
    const { ports, tls } = this.config;
    writeFileSync(
      this.configPath,
      [
        `server_name: ${this.name}`,
        `listen: "127.0.0.1:${ports.client}"`,
        `http: "127.0.0.1:${ports.monitor}"`,
        `jetstream { store_dir: ${JSON.stringify(this.storeDir)} }`,
        'include "credentials/auth.conf"',
        ...(tls === undefined
          ? []
          : [`tls { cert_file: ${JSON.stringify(tls.certFile)}, key_file: ${JSON.stringify(tls.keyFile)} }`]),
        'cluster {',
        `  name: ${CLUSTER_NAME}`,
        `  listen: "127.0.0.1:${ports.route}"`,
        `  authorization { user: ${ROUTE_USER}, password: ${JSON.stringify(this.config.routePassword)} }`,
        `  routes: [${this.config.routes.map((route) => JSON.stringify(route)).join(', ')}]`,
        '}',
        '',
      ].join('\n'),
    );
  }

  async start(): Promise<void> {
    if (this.running) return;
    const args = ['-c', this.configPath];
    // The server writes straight to the file: nothing to pump, and a crash's last words are kept.
    const logFd = openSync(this.logPath, 'a');
    try {
      writeSync(logFd, `--- ${new Date().toISOString()} ${this.config.binary} ${args.join(' ')}\n`);
      this.current = await spawnGuarded(this.config.binary, args, {
        cwd: this.config.dir,
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

  async kill(): Promise<void> {
    if (this.current !== undefined) await killChild(this.current, 'SIGKILL');
  }

  async reload(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return;
    const reloads = async (): Promise<number> =>
      (await this.logTail(LOG_LINES_ALL)).filter((line) => line.includes('Reloaded')).length;
    const before = await reloads();
    process.kill(pid, 'SIGHUP');
    await waitFor(async () => (await reloads()) > before, {
      timeoutMs: STOP_GRACE_MS,
      intervalMs: POLL_INTERVAL_MS,
      description: `nats-server ${this.name} to reload`,
    });
  }

  async metaLeader(): Promise<string | undefined> {
    const jsz = (await this.monitor('/jsz')) as { meta_cluster?: { leader?: string } } | undefined;
    const leader = jsz?.meta_cluster?.leader;
    return leader === undefined || leader === '' ? undefined : leader;
  }

  async connectionNames(): Promise<string[]> {
    const connz = (await this.monitor('/connz?limit=10000')) as
      { connections?: { name?: string }[] } | undefined;
    return (connz?.connections ?? []).map((connection) => connection.name ?? '');
  }

  async logTail(lines = 40): Promise<string[]> {
    const text = await readFile(this.logPath, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .slice(-lines);
  }

  private async monitor(path: string): Promise<unknown> {
    if (!this.running) return undefined;
    try {
      const response = await fetch(`${this.monitorUrl}${path}`, { signal: AbortSignal.timeout(1_000) });
      return response.ok ? await response.json() : undefined;
    } catch {
      return undefined;
    }
  }

  private async waitUntilReady(server: GuardedChild): Promise<void> {
    const exitedEarly = new AbortController();
    void server.exited.then(() => exitedEarly.abort());
    const healthUrl = `${this.monitorUrl}/healthz`;
    try {
      await waitFor(async () => (await canConnect(this.port)) && (await httpGetStatus(healthUrl)) === 200, {
        timeoutMs: this.config.startTimeoutMs,
        intervalMs: POLL_INTERVAL_MS,
        description: `nats-server ${this.name} on ${this.url} to accept connections and answer ${healthUrl} with 200`,
        signal: exitedEarly.signal,
      });
    } catch (error) {
      let reason: string;
      if (isRunning(server.child)) {
        await killChild(server, 'SIGKILL');
        reason = error instanceof Error ? error.message : String(error);
      } else {
        const { code, signal } = await server.exited;
        reason = `nats-server ${this.name} exited during start-up (code ${code}, signal ${signal})`;
      }
      const tail = await this.logTail();
      throw new NatsServerStartError(`${reason}\nLast lines of ${this.logPath}:\n${tail.join('\n')}`, tail);
    }
  }
}
