import { partitionLabel } from '@ticketonomics/partitions';
import { startPartitionedService, type RunningPartitionedService } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import { CommitQueue } from './commit/commit-queue';
import type { LedgerConfig } from './config/ledger.config';
import { LEDGER_COMMAND_SPECS } from './ledger.commands';
import { LedgerModule } from './ledger.module';
import { LOGGER } from './ledger.tokens';
import { registerLedgerMetrics } from './metrics/ledger.metrics';
import { LEDGER_ROUTES } from './partitions/ledger.routes';
import { assertJournalLayout } from './replication/journal-layout';
import { LEDGER_DB_FILE, LEDGER_MIGRATIONS } from './store/ledger.migrations';
import { JournalEventsPublisher } from './events/journal-events.publisher';

export type RunningLedger = RunningPartitionedService;

/**
 * A partition's file: `ledger.sqlite` when there is one partition (the file a ledger always had), else
 * `ledger-p003.sqlite` beside it on the service's volume.
 */
export function ledgerFileOf(partition: number, partitionCount: number): string {
  return partitionCount === 1 ? LEDGER_DB_FILE : `ledger-${partitionLabel(partition)}.sqlite`;
}

/**
 * Start a ledger replica: used by main.ts for the process and by tests to run it in-process.
 *
 * Communities are spread over LEDGER_PARTITIONS partitions, each its own SQLite file served by one replica
 * at a time; every replica answers the public subjects in the `ledger` queue group and passes each command
 * on to the replica serving its partition (see startPartitionedService). Each partition is the whole
 * ledger: stores, commit queue, events, hold expiry, accounts events.
 */
export function startLedger(
  config: LedgerConfig,
  logger: Logger,
  options: { now?: () => number } = {},
): Promise<RunningLedger> {
  return startPartitionedService({
    name: 'ledger',
    config,
    logger,
    loggerToken: LOGGER,
    replicaId: config.LEDGER_REPLICA_ID,
    partitionCount: config.LEDGER_PARTITIONS,
    leaseTtlMs: config.LEDGER_LEASE_TTL_MS,
    ownerWaitMs: config.LEDGER_OWNER_WAIT_MS,
    ownerTimeoutMs: config.LEDGER_OWNER_TIMEOUT_MS,
    inFlightMax: config.LEDGER_IN_FLIGHT_MAX,
    beforePartitions: (connection) =>
      assertJournalLayout(
        connection,
        { partitions: config.LEDGER_PARTITIONS },
        { replicas: config.NATS_REPLICAS, maxBytes: config.LEDGER_JOURNAL_MAX_BYTES },
      ),
    routes: Object.values(LEDGER_ROUTES),
    commands: LEDGER_COMMAND_SPECS,
    store: {
      fileOf: ledgerFileOf,
      migrations: LEDGER_MIGRATIONS,
      synchronous: config.LEDGER_SYNCHRONOUS,
    },
    module: ({ connection, dataSource, partition, logger: partitionLogger }) =>
      LedgerModule.forRoot({
        config,
        logger: partitionLogger,
        connection,
        dataSource,
        partition,
        now: options.now,
      }),
    metrics: (registry, served) =>
      registerLedgerMetrics(registry, () =>
        served().map(({ label, app }) => ({
          label,
          queue: app.get(CommitQueue),
          events: app.get(JournalEventsPublisher),
        })),
      ),
  });
}
