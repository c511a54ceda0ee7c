import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { partitionLeasesBucketOf, type CommandSpec } from '@ticketonomics/contracts';
import { connectNats, drainNats, NatsHealth } from '@ticketonomics/messaging';
import {
  LeaseTable,
  PartitionBalancer,
  PartitionFrontDoor,
  type RoutedCommand,
} from '@ticketonomics/partitions';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import {
  busConnectionOptions,
  ensureServiceEventStream,
  type RunningService,
  type ServiceProcessConfig,
} from './command-service';
import { HealthModule, METRICS_REGISTRY, Readiness } from './health';
import { NestPinoLogger } from './logger';
import { assertPartitionLayout, defaultReplicaId } from './partition-layout';
import {
  PartitionsHost,
  type GlobalPartitionOptions,
  type PartitionModuleFactory,
  type PartitionStoreOptions,
  type ServedPartition,
} from './partitions.host';

/** Every KV request's limit (leases, heartbeats). */
const LEASES_TIMEOUT_MS = 5_000;

export interface PartitionedServiceOptions {
  /** Service name: NATS connection name, public queue group, leases bucket, subjects of its partitions. */
  name: string;
  config: ServiceProcessConfig;
  logger: Logger;
  /** This replica's name in leases and logs, unique among live replicas and kept across restarts; by default the host name. */
  replicaId?: string;
  /** Community partitions: fixed once data is written (see assertPartitionLayout); every replica must use the same. */
  partitionCount: number;
  /**
   * A partition for the data of no community (numbered partitionCount, routed by `{ global: true }`), leased,
   * spread and fenced like the others.
   */
  global?: GlobalPartitionOptions;
  /** How long a replica's hold on a partition lives without renewal. */
  leaseTtlMs: number;
  /** How long a request waits for its partition to get a replica before UNAVAILABLE. */
  ownerWaitMs: number;
  /** How long the replica serving a partition has to answer a request passed on to it. */
  ownerTimeoutMs: number;
  /** Requests handled at once (by the front door, and by each partition) past which they get OVERLOADED. */
  inFlightMax: number;
  /** How each public command finds its partition. */
  routes: readonly RoutedCommand[];
  /** The commands a partition's module answers (on its own subjects). */
  commands: readonly CommandSpec[];
  store: PartitionStoreOptions;
  /** A partition's module: built each time this replica takes a partition. */
  module: PartitionModuleFactory;
  /** The token the replica's logger is offered under in the process app, as the service's modules name it. */
  loggerToken?: symbol;
  /**
   * Checks against what the bus holds before any partition is taken (the ledger: its partition count
   * against its replicated journal's); a rejection stops the replica from starting.
   */
  beforePartitions?: (connection: NatsConnection) => Promise<void>;
  /** The service's own figures on the replica's /metrics, read over the partitions it serves when scraped. */
  metrics?: (registry: Registry, served: () => ServedPartition[]) => void;
}

export interface RunningPartitionedService extends RunningService {
  replicaId: string;
  /** The partitions this replica serves now. */
  partitions: PartitionsHost;
  balancer: PartitionBalancer;
}

@Module({})
class PartitionedProcessModule {
  static forService(name: string, logger: Logger, loggerToken: symbol | undefined): DynamicModule {
    return {
      module: PartitionedProcessModule,
      imports: [HealthModule.forService(name)],
      providers: loggerToken === undefined ? [] : [{ provide: loggerToken, useValue: logger }],
    };
  }
}

/**
 * Start a replica of a service whose communities are spread over partitions: used by each such service's
 * main.ts and by its tests in-process.
 *
 * Each partition is its own SQLite file served by one replica at a time (leases in JetStream KV, spread
 * evenly over the live replicas, fenced in the file). Every replica answers the public subjects in the
 * service's queue group and passes each command on to the replica serving its partition. HTTP serves
 * /healthz, /readyz and /metrics for the replica.
 */
export async function startPartitionedService(
  options: PartitionedServiceOptions,
): Promise<RunningPartitionedService> {
  const { config, name } = options;
  assertPartitionLayout(name, config.DATA_DIR, options.partitionCount, options.store.fileOf(0, 1), {
    global: options.global !== undefined,
  });
  const leasedCount = options.partitionCount + (options.global === undefined ? 0 : 1);
  const replicaId = options.replicaId ?? defaultReplicaId(name);
  const log = options.logger.child({ replica: replicaId });
  const connection = await connectNats(busConnectionOptions(config, name), log);
  let app: INestApplication | undefined;
  let balancer: PartitionBalancer | undefined;
  try {
    await ensureServiceEventStream(connection, config.NATS_REPLICAS ?? 1, log);
    await options.beforePartitions?.(connection);
    const leases = await LeaseTable.open(connection, {
      bucket: partitionLeasesBucketOf(name),
      ttlMs: options.leaseTtlMs,
      replicas: config.NATS_REPLICAS ?? 1,
      timeoutMs: LEASES_TIMEOUT_MS,
    });
    const partitions = new PartitionsHost({
      service: name,
      partitionCount: options.partitionCount,
      replicaId,
      dataDir: config.DATA_DIR,
      connection,
      logger: log,
      store: options.store,
      commands: options.commands,
      inFlightMax: options.inFlightMax,
      module: options.module,
      global: options.global,
    });
    app = await NestFactory.create(PartitionedProcessModule.forService(name, log, options.loggerToken), {
      logger: new NestPinoLogger(log),
    });
    const natsHealth = new NatsHealth(connection);
    app.get(Readiness).register('nats', () => natsHealth.connected);
    options.metrics?.(app.get(METRICS_REGISTRY), () => partitions.servedPartitions());

    balancer = new PartitionBalancer({
      replicaId,
      partitionCount: leasedCount,
      leases,
      host: partitions,
      logger: log,
    });
    await balancer.start();
    const frontDoor = new PartitionFrontDoor({
      connection,
      service: name,
      partitionCount: options.partitionCount,
      globalPartition: options.global !== undefined,
      commands: options.routes,
      logger: log,
      ownerWaitMs: options.ownerWaitMs,
      ownerTimeoutMs: options.ownerTimeoutMs,
      inFlightMax: options.inFlightMax,
      local: (partition) => partitions.local(partition),
    });
    frontDoor.start();
    // Subscriptions reach the server asynchronously: once flushed, a request sent after start() is heard.
    await connection.flush();
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
    const httpPort = (app.getHttpServer().address() as AddressInfo).port;
    log.info(
      {
        httpPort,
        dataDir: config.DATA_DIR,
        partitions: options.partitionCount,
        serving: balancer.ownedPartitions(),
      },
      `${name} ready`,
    );

    const running = { app, balancer };
    let closing: Promise<void> | null = null;
    return {
      app,
      httpPort,
      replicaId,
      partitions,
      balancer,
      close: () => {
        // Stop taking requests here first, then hand the partitions back (each finishes what it took and
        // flushes its events) so other replicas take them at once, then HTTP and NATS.
        closing ??= (async () => {
          await frontDoor.close();
          await running.balancer.stop();
          await running.app.close();
          await drainNats(connection, log);
        })();
        return closing;
      },
    };
  } catch (error) {
    await balancer?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await drainNats(connection, log).catch(() => undefined);
    throw error;
  }
}
