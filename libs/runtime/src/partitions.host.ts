import type { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CommandSpec } from '@ticketonomics/contracts';
import { JsonNatsServer, RpcPassthroughFilter } from '@ticketonomics/messaging';
import {
  partitionLabel,
  partitionSubject,
  PartitionFence,
  type LocalHandler,
  type PartitionCloseReason,
  type PartitionHost,
} from '@ticketonomics/partitions';
import {
  closeDataSource,
  openSqliteDataSource,
  rawDatabase,
  type SqliteDataSourceOptions,
} from '@ticketonomics/persistence';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { NestPinoLogger } from './logger';

/** The partition a module serves, and the fence its every write transaction passes first. */
export interface ServedPartitionContext {
  index: number;
  label: string;
  /** How many community partitions the service has (the global partition is not counted). */
  count: number;
  /** Whether this is the service's global partition (data of no community), numbered `count`. */
  global: boolean;
  /** Throws UNAVAILABLE once another replica took the partition over: call it inside each write transaction. */
  assertWritable: () => void;
}

/** Where a service keeps each partition: one SQLite file per partition on the service's volume. */
export interface PartitionStoreOptions {
  fileOf(partition: number, partitionCount: number): string;
  /** The same for every partition, or each partition's own (a migration that imports its share of older data). */
  migrations:
    | SqliteDataSourceOptions['migrations']
    | ((partition: number, partitionCount: number) => SqliteDataSourceOptions['migrations']);
  synchronous?: SqliteDataSourceOptions['synchronous'];
}

/**
 * A service's global partition: the data that belongs to no community (accounts' users and identities),
 * written by one replica chosen by the same leases. It has its own file, schema, module and commands.
 */
export interface GlobalPartitionOptions {
  fileName: string;
  migrations: SqliteDataSourceOptions['migrations'];
  synchronous?: SqliteDataSourceOptions['synchronous'];
  commands: readonly CommandSpec[];
  module: PartitionModuleFactory;
}

/** What builds a partition's module: the process's bus connection, the partition's own store and fence. */
export type PartitionModuleFactory = (deps: {
  connection: NatsConnection;
  dataSource: DataSource;
  partition: ServedPartitionContext;
  logger: Logger;
}) => DynamicModule;

export interface ServedPartition {
  index: number;
  label: string;
  app: INestMicroservice;
  server: JsonNatsServer;
}

export interface PartitionsHostOptions {
  service: string;
  partitionCount: number;
  replicaId: string;
  dataDir: string;
  connection: NatsConnection;
  logger: Logger;
  store: PartitionStoreOptions;
  commands: readonly CommandSpec[];
  inFlightMax: number;
  module: PartitionModuleFactory;
  /** The global partition, numbered partitionCount, when the service has one. */
  global?: GlobalPartitionOptions;
}

/**
 * Serves the partitions the balancer hands this replica: each is the whole service (its module: stores,
 * outbox, workers) over its own SQLite file, answering on its own subjects (`tk.part.<service>.p003.…`),
 * behind a fence claimed when it opens.
 */
export class PartitionsHost implements PartitionHost {
  private readonly served = new Map<number, ServedPartition>();

  constructor(private readonly options: PartitionsHostOptions) {}

  async open(partition: number): Promise<void> {
    const { options } = this;
    const label = partitionLabel(partition);
    const count = options.partitionCount;
    const logger = options.logger.child({ partition: label });
    const kind = this.kindOf(partition);
    const dataSource = await openSqliteDataSource({ ...kind.store, dataDir: options.dataDir });
    try {
      const fence = new PartitionFence(rawDatabase(dataSource), label, options.replicaId);
      const epoch = fence.claim();
      const server = new JsonNatsServer({
        connection: options.connection,
        queue: `${options.service}-${label}`,
        commands: kind.commands,
        logger,
        inFlightMax: options.inFlightMax,
        subjectOf: (spec) => partitionSubject(options.service, partition, spec.subject),
      });
      const app = await NestFactory.createMicroservice(
        kind.module({
          connection: options.connection,
          dataSource,
          logger,
          partition: {
            label,
            count,
            index: partition,
            global: kind.global,
            assertWritable: fencedBy(fence, logger),
          },
        }),
        { strategy: server, logger: new NestPinoLogger(logger) },
      );
      app.useGlobalFilters(new RpcPassthroughFilter());
      await app.listen();
      await options.connection.flush();
      this.served.set(partition, { index: partition, label, app, server });
      logger.info({ epoch }, 'partition served');
    } catch (error) {
      await closeDataSource(dataSource).catch(() => undefined);
      throw error;
    }
  }

  /** A community partition's file, schema, commands and module, or the global partition's. */
  private kindOf(partition: number): {
    global: boolean;
    store: Omit<SqliteDataSourceOptions, 'dataDir'>;
    commands: readonly CommandSpec[];
    module: PartitionModuleFactory;
  } {
    const { options } = this;
    const count = options.partitionCount;
    if (partition === count && options.global !== undefined) {
      const { fileName, migrations, synchronous, commands, module } = options.global;
      return { global: true, store: { fileName, migrations, synchronous }, commands, module };
    }
    const { store } = options;
    return {
      global: false,
      store: {
        fileName: store.fileOf(partition, count),
        migrations:
          typeof store.migrations === 'function' ? store.migrations(partition, count) : store.migrations,
        synchronous: store.synchronous,
      },
      commands: options.commands,
      module: options.module,
    };
  }

  async close(partition: number, reason: PartitionCloseReason): Promise<void> {
    const served = this.served.get(partition);
    if (served === undefined) return;
    this.served.delete(partition);
    // Stops taking requests, lets those in flight finish, flushes the outbox, closes the file.
    await served.app
      .close()
      .catch((error: unknown) =>
        this.options.logger.error(
          { err: error, partition: partitionLabel(partition) },
          'partition did not close cleanly',
        ),
      );
    this.options.logger.info(
      { partition: partitionLabel(partition), reason },
      'partition no longer served here',
    );
  }

  /** Answers a command of a partition served here in this process (the front door's shortcut). */
  local(partition: number): LocalHandler | undefined {
    const served = this.served.get(partition);
    return served === undefined ? undefined : (subject, data) => served.server.handleLocal(subject, data);
  }

  /** The partitions served here now, in partition order. */
  servedPartitions(): ServedPartition[] {
    return [...this.served.values()].sort((a, b) => a.index - b.index);
  }

  /** The module of a partition served here (tests reach its parts through it). */
  appOf(partition: number): INestMicroservice | undefined {
    return this.served.get(partition)?.app;
  }
}

/**
 * The fence check a partition's writes call, which says once in the log (for operators and the replica
 * tests) that this replica was refused a write because another replica took the partition over.
 */
function fencedBy(fence: PartitionFence, logger: Logger): () => void {
  let refused = false;
  return () => {
    try {
      fence.assertHeld();
    } catch (error) {
      if (!refused) {
        refused = true;
        logger.warn(
          { epoch: fence.claimedEpoch },
          'write refused by the partition fence: another replica serves the partition now',
        );
      }
      throw error;
    }
  };
}
