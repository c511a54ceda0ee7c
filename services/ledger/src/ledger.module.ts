import { Module, type DynamicModule } from '@nestjs/common';
import { ledgerJournalSubjectOf } from '@ticketonomics/contracts';
import { rawDatabase, RowChangeCapture } from '@ticketonomics/persistence';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AccountsEventsConsumer } from './accounts-sync/accounts-events.consumer';
import { AccountsMessageHandler } from './accounts/accounts.message-handler';
import { AccountsService } from './accounts/accounts.service';
import { CommitQueue } from './commit/commit-queue';
import type { LedgerConfig } from './config/ledger.config';
import { EmissionEngine } from './emission/emission.engine';
import { EmissionMessageHandler } from './emission/emission.message-handler';
import { EmissionService } from './emission/emission.service';
import { EmissionWorker } from './emission/emission.worker';
import { TreasuryGrantsEngine } from './emission/treasury-grants.engine';
import { JournalEventsPublisher } from './events/journal-events.publisher';
import { LedgerEventsEmitter } from './events/ledger-events.emitter';
import { LegacyOutboxDrain } from './events/legacy-outbox.drain';
import { JournalVerifyService } from './journal/journal-verify.service';
import { JournalWriter } from './journal/journal.writer';
import { JournalMessageHandler } from './journal/journal.message-handler';
import { LedgerLifecycle } from './ledger.lifecycle';
import { LEDGER_CONFIG, LOGGER, NATS_CONNECTION } from './ledger.tokens';
import { PolicyMessageHandler } from './policy/policy.message-handler';
import { journalAppenderOf } from './replication/journal.appender';
import { JOURNAL_LOCAL_TABLES, JournalReplicator } from './replication/journal.replicator';
import { PolicyService } from './policy/policy.service';
import { LedgerStores } from './store/ledger.stores';
import { SupplyMessageHandler } from './supply/supply.message-handler';
import { SupplyEngine } from './supply/supply.engine';
import { SupplyService } from './supply/supply.service';
import { HoldExpiryWorker } from './transfers/hold-expiry.worker';
import { HoldsEngine } from './transfers/holds.engine';
import { PaymentsEngine } from './transfers/payments.engine';
import { ReversalsEngine } from './transfers/reversals.engine';
import { SettlementsEngine } from './transfers/settlements.engine';
import { TransfersMessageHandler } from './transfers/transfers.message-handler';
import { TransfersService } from './transfers/transfers.service';

export interface LedgerModuleOptions {
  config: LedgerConfig;
  logger: Logger;
  connection: NatsConnection;
  /** The partition's own store. */
  dataSource: DataSource;
  /** The partition this module serves, and the fence every write transaction passes first. */
  partition: { label: string; count: number; index: number; assertWritable: () => void };
  /** The ledger's clock (ms since the epoch); tests running the ledger in-process may set it. */
  now?: () => number;
}

/** What a partition's module holds that the process reads (metrics, tests). */
export const LEDGER_PARTITION = Symbol('LEDGER_PARTITION');

@Module({})
export class LedgerModule {
  static forRoot(options: LedgerModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: LedgerModule,
      controllers: [
        AccountsMessageHandler,
        TransfersMessageHandler,
        SupplyMessageHandler,
        PolicyMessageHandler,
        JournalMessageHandler,
        EmissionMessageHandler,
      ],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: LOGGER, useValue: options.logger },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: DataSource, useValue: options.dataSource },
        { provide: LEDGER_PARTITION, useValue: options.partition },
        {
          // Catches the partition's file up with its replicated journal before anything reads the file.
          provide: JournalReplicator,
          useFactory: async (dataSource: DataSource) => {
            const replicator = new JournalReplicator(
              options.connection,
              rawDatabase(dataSource),
              options.logger,
              {
                subject: ledgerJournalSubjectOf(options.partition.label),
                replicas: config.NATS_REPLICAS,
                appendTimeoutMs: config.LEDGER_JOURNAL_APPEND_TIMEOUT_MS,
                maxBytes: config.LEDGER_JOURNAL_MAX_BYTES,
              },
            );
            await replicator.open();
            return replicator;
          },
          inject: [DataSource],
        },
        {
          provide: LedgerStores,
          useFactory: (dataSource: DataSource) => {
            const db = rawDatabase(dataSource);
            const stores = new LedgerStores(db, options.partition.assertWritable);
            stores.catchChanges(new RowChangeCapture(db, { skip: JOURNAL_LOCAL_TABLES }));
            return stores;
          },
          // After the replicator: the file is caught up before the stores read it.
          inject: [DataSource, JournalReplicator],
        },
        {
          provide: LedgerEventsEmitter,
          useFactory: (stores: LedgerStores) => new LedgerEventsEmitter(stores.events),
          inject: [LedgerStores],
        },
        {
          // Publishes from where the books say the events stand (the file is caught up by now).
          provide: JournalEventsPublisher,
          useFactory: (stores: LedgerStores, replicator: JournalReplicator) =>
            new JournalEventsPublisher(
              options.connection,
              replicator,
              options.logger,
              stores.eventsCursor.read(),
              {
                batchSize: config.LEDGER_EVENTS_BATCH_MAX,
                pendingEventsMax: config.LEDGER_EVENTS_PENDING_MAX,
              },
            ),
          inject: [LedgerStores, JournalReplicator],
        },
        {
          provide: CommitQueue,
          useFactory: (
            stores: LedgerStores,
            replicator: JournalReplicator,
            publisher: JournalEventsPublisher,
          ) =>
            new CommitQueue(
              stores,
              {
                groupSizeMax: config.LEDGER_COMMIT_GROUP_MAX,
                queueLengthMax: config.LEDGER_QUEUE_LENGTH_MAX,
              },
              journalAppenderOf(replicator, stores, publisher, options.logger, {
                groupRowsMax: config.LEDGER_JOURNAL_GROUP_ROWS_MAX,
                resyncRetryMs: config.LEDGER_JOURNAL_RESYNC_RETRY_MS,
              }),
            ),
          inject: [LedgerStores, JournalReplicator, JournalEventsPublisher],
        },
        {
          provide: LegacyOutboxDrain,
          useFactory: (stores: LedgerStores, queue: CommitQueue) =>
            new LegacyOutboxDrain(options.connection, stores, queue, options.logger, {
              batchSize: config.LEDGER_EVENTS_BATCH_MAX,
              pruneBatchSize: 5_000,
              retryMs: 1_000,
            }),
          inject: [LedgerStores, CommitQueue],
        },
        {
          provide: JournalWriter,
          useFactory: (stores: LedgerStores, events: LedgerEventsEmitter) =>
            new JournalWriter(stores, events, options.now),
          inject: [LedgerStores, LedgerEventsEmitter],
        },
        ...[PaymentsEngine, HoldsEngine, SupplyEngine, ReversalsEngine, TreasuryGrantsEngine].map(
          (Engine) => ({
            provide: Engine,
            useFactory: (stores: LedgerStores, writer: JournalWriter) => new Engine(stores, writer),
            inject: [LedgerStores, JournalWriter],
          }),
        ),
        {
          provide: SettlementsEngine,
          useFactory: (stores: LedgerStores, holds: HoldsEngine, payments: PaymentsEngine) =>
            new SettlementsEngine(stores, holds, payments),
          inject: [LedgerStores, HoldsEngine, PaymentsEngine],
        },
        {
          provide: HoldExpiryWorker,
          useFactory: (holds: HoldsEngine, payments: PaymentsEngine, queue: CommitQueue) =>
            new HoldExpiryWorker(holds, payments, queue, options.logger, config.LEDGER_EXPIRY_SWEEP_MS),
          inject: [HoldsEngine, PaymentsEngine, CommitQueue],
        },
        {
          provide: EmissionEngine,
          useFactory: (stores: LedgerStores, writer: JournalWriter, events: LedgerEventsEmitter) =>
            new EmissionEngine(stores, writer, events, config.LEDGER_EMISSION_CATCH_UP_MAX),
          inject: [LedgerStores, JournalWriter, LedgerEventsEmitter],
        },
        {
          provide: EmissionWorker,
          useFactory: (
            engine: EmissionEngine,
            stores: LedgerStores,
            queue: CommitQueue,
            writer: JournalWriter,
          ) =>
            new EmissionWorker(
              engine,
              stores,
              queue,
              writer.now,
              options.logger,
              config.LEDGER_EMISSION_TICK_MS,
            ),
          inject: [EmissionEngine, LedgerStores, CommitQueue, JournalWriter],
        },
        EmissionService,
        AccountsService,
        {
          provide: AccountsEventsConsumer,
          useFactory: (
            stores: LedgerStores,
            queue: CommitQueue,
            supply: SupplyEngine,
            accounts: AccountsService,
          ) =>
            new AccountsEventsConsumer(
              options.connection,
              { stores, queue, supply, accounts, partition: options.partition },
              options.logger,
            ),
          inject: [LedgerStores, CommitQueue, SupplyEngine, AccountsService],
        },
        TransfersService,
        SupplyService,
        PolicyService,
        JournalVerifyService,
        LedgerLifecycle,
      ],
    };
  }
}
