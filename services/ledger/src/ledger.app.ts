import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { partitionLeasesBucketOf } from '@ticketonomics/contracts';
import { connectNats, drainNats, NatsHealth } from '@ticketonomics/messaging';
import { LeaseTable, PartitionBalancer, PartitionFrontDoor } from '@ticketonomics/partitions';
import {
  busConnectionOptions,
  ensureServiceEventStream,
  HealthModule,
  METRICS_REGISTRY,
  NestPinoLogger,
  Readiness,
  type RunningService,
} from '@ticketonomics/runtime';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { LedgerConfig } from './config/ledger.config';
import { LOGGER } from './ledger.tokens';
import { registerLedgerMetrics } from './metrics/ledger.metrics';
import { assertPartitionLayout, defaultReplicaId } from './partitions/partition-layout';
import { LedgerPartitionsHost } from './partitions/ledger-partitions.host';
import { LEDGER_ROUTES } from './partitions/ledger.routes';

export interface RunningLedger extends RunningService {
  replicaId: string;
  /** The partitions this replica serves now. */
  partitions: LedgerPartitionsHost;
  balancer: PartitionBalancer;
}

/** Every KV request's limit (leases, heartbeats). */
const LEASES_TIMEOUT_MS = 5_000;

@Module({})
class LedgerProcessModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LedgerProcessModule,
      imports: [HealthModule.forService('ledger')],
      providers: [{ provide: LOGGER, useValue: logger }],
    };
  }
}

/**
 * Start a ledger replica: used by main.ts for the process and by tests to run it in-process.
 *
 * Communities are spread over LEDGER_PARTITIONS partitions, each its own SQLite file served by one replica
 * at a time (leases in JetStream KV, spread evenly over the live replicas, fenced in the file). Every replica
 * answers the public subjects in the `ledger` queue group and passes each command on to the replica
 * serving its partition. HTTP serves /healthz, /readyz and /metrics for the replica.
 */
export async function startLedger(config: LedgerConfig, logger: Logger): Promise<RunningLedger> {
  assertPartitionLayout(config.DATA_DIR, config.LEDGER_PARTITIONS);
  const replicaId = config.LEDGER_REPLICA_ID ?? defaultReplicaId();
  const log = logger.child({ replica: replicaId });
  const connection = await connectNats(busConnectionOptions(config, 'ledger'), log);
  let app: INestApplication | undefined;
  let balancer: PartitionBalancer | undefined;
  try {
    await ensureServiceEventStream(connection, config.NATS_REPLICAS, log);
    const leases = await LeaseTable.open(connection, {
      bucket: partitionLeasesBucketOf('ledger'),
      ttlMs: config.LEDGER_LEASE_TTL_MS,
      replicas: config.NATS_REPLICAS,
      timeoutMs: LEASES_TIMEOUT_MS,
    });
    const partitions = new LedgerPartitionsHost(config, connection, log, replicaId);
    app = await NestFactory.create(LedgerProcessModule.forRoot(log), { logger: new NestPinoLogger(log) });
    const natsHealth = new NatsHealth(connection);
    app.get(Readiness).register('nats', () => natsHealth.connected);
    registerLedgerMetrics(app.get(METRICS_REGISTRY), () => partitions.figures());

    balancer = new PartitionBalancer({
      replicaId,
      partitionCount: config.LEDGER_PARTITIONS,
      leases,
      host: partitions,
      logger: log,
    });
    await balancer.start();
    const frontDoor = new PartitionFrontDoor({
      connection,
      service: 'ledger',
      partitionCount: config.LEDGER_PARTITIONS,
      commands: Object.values(LEDGER_ROUTES),
      logger: log,
      ownerWaitMs: config.LEDGER_OWNER_WAIT_MS,
      ownerTimeoutMs: config.LEDGER_OWNER_TIMEOUT_MS,
      inFlightMax: config.LEDGER_IN_FLIGHT_MAX,
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
        partitions: config.LEDGER_PARTITIONS,
        serving: balancer.ownedPartitions(),
      },
      'ledger ready',
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
