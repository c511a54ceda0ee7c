import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonNatsServer, RpcPassthroughFilter } from '@ticketonomics/messaging';
import {
  partitionLabel,
  partitionSubject,
  PartitionFence,
  type LocalHandler,
  type PartitionCloseReason,
  type PartitionHost,
} from '@ticketonomics/partitions';
import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { NestPinoLogger } from '@ticketonomics/runtime';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { CommitQueue } from '../commit/commit-queue';
import type { LedgerConfig } from '../config/ledger.config';
import { LEDGER_COMMAND_SPECS } from '../ledger.commands';
import { LedgerModule } from '../ledger.module';
import type { PartitionFigures } from '../metrics/ledger.metrics';
import { LEDGER_DB_FILE, LEDGER_MIGRATIONS } from '../store/ledger.migrations';
import { LedgerStores } from '../store/ledger.stores';

/**
 * A partition's file: `ledger.sqlite` when there is one partition (the file a ledger always had), else
 * `ledger-p003.sqlite` beside it on the service's volume.
 */
export function ledgerFileOf(partition: number, partitionCount: number): string {
  return partitionCount === 1 ? LEDGER_DB_FILE : `ledger-${partitionLabel(partition)}.sqlite`;
}

interface ServedPartition {
  app: INestMicroservice;
  server: JsonNatsServer;
  figures: PartitionFigures;
}

/**
 * Serves the partitions the balancer hands this replica: each is the whole ledger (stores, commit queue,
 * outbox, hold expiry, accounts events) over its own SQLite file, answering on its own subjects
 * (`tk.part.ledger.p003.…`), behind a fence claimed when it opens.
 */
export class LedgerPartitionsHost implements PartitionHost {
  private readonly served = new Map<number, ServedPartition>();

  constructor(
    private readonly config: LedgerConfig,
    private readonly connection: NatsConnection,
    private readonly logger: Logger,
    private readonly replicaId: string,
  ) {}

  async open(partition: number): Promise<void> {
    const label = partitionLabel(partition);
    const count = this.config.LEDGER_PARTITIONS;
    const logger = this.logger.child({ partition: label });
    const dataSource = await openSqliteDataSource({
      fileName: ledgerFileOf(partition, count),
      migrations: LEDGER_MIGRATIONS,
      synchronous: this.config.LEDGER_SYNCHRONOUS,
      dataDir: this.config.DATA_DIR,
    });
    try {
      const fence = new PartitionFence(rawDatabase(dataSource), label, this.replicaId);
      const epoch = fence.claim();
      const server = new JsonNatsServer({
        connection: this.connection,
        queue: `ledger-${label}`,
        commands: LEDGER_COMMAND_SPECS,
        logger,
        inFlightMax: this.config.LEDGER_IN_FLIGHT_MAX,
        subjectOf: (spec) => partitionSubject('ledger', partition, spec.subject),
      });
      const app = await NestFactory.createMicroservice(
        LedgerModule.forRoot({
          config: this.config,
          logger,
          connection: this.connection,
          dataSource,
          partition: { label, count, index: partition, assertWritable: () => fence.assertHeld() },
        }),
        { strategy: server, logger: new NestPinoLogger(logger) },
      );
      app.useGlobalFilters(new RpcPassthroughFilter());
      await app.listen();
      await this.connection.flush();
      this.served.set(partition, {
        app,
        server,
        figures: { label, queue: app.get(CommitQueue), outbox: app.get(LedgerStores).outbox },
      });
      logger.info({ epoch }, 'partition served');
    } catch (error) {
      await closeDataSource(dataSource).catch(() => undefined);
      throw error;
    }
  }

  async close(partition: number, reason: PartitionCloseReason): Promise<void> {
    const served = this.served.get(partition);
    if (served === undefined) return;
    this.served.delete(partition);
    // Stops taking requests, lets those in flight finish, flushes the outbox, closes the file.
    await served.app
      .close()
      .catch((error: unknown) =>
        this.logger.error(
          { err: error, partition: partitionLabel(partition) },
          'partition did not close cleanly',
        ),
      );
    this.logger.info({ partition: partitionLabel(partition), reason }, 'partition no longer served here');
  }

  /** Answers a command of a partition served here in this process (the front door's shortcut). */
  local(partition: number): LocalHandler | undefined {
    const served = this.served.get(partition);
    return served === undefined ? undefined : (subject, data) => served.server.handleLocal(subject, data);
  }

  figures(): PartitionFigures[] {
    return [...this.served.values()].map((served) => served.figures);
  }

  /** The module of a partition served here (tests reach its parts through it). */
  appOf(partition: number): INestMicroservice | undefined {
    return this.served.get(partition)?.app;
  }
}
