import { Module, type DynamicModule } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { rawDatabase } from '@ticketonomics/persistence';
import { HealthModule } from '@ticketonomics/runtime';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AccountsEventsConsumer } from './accounts-sync/accounts-events.consumer';
import { AccountsMessageHandler } from './accounts/accounts.message-handler';
import { AccountsService } from './accounts/accounts.service';
import { CommitQueue } from './commit/commit-queue';
import type { LedgerConfig } from './config/ledger.config';
import { LedgerEventsEmitter } from './events/ledger-events.emitter';
import { JournalVerifyService } from './journal/journal-verify.service';
import { JournalMessageHandler } from './journal/journal.message-handler';
import { LedgerLifecycle } from './ledger.lifecycle';
import { LEDGER_CONFIG, LOGGER, NATS_CONNECTION } from './ledger.tokens';
import { PolicyMessageHandler } from './policy/policy.message-handler';
import { PolicyService } from './policy/policy.service';
import { LedgerStores } from './store/ledger.stores';
import { SupplyMessageHandler } from './supply/supply.message-handler';
import { SupplyService } from './supply/supply.service';
import { HoldExpiryWorker } from './transfers/hold-expiry.worker';
import { TransferEngine } from './transfers/transfer.engine';
import { TransfersMessageHandler } from './transfers/transfers.message-handler';
import { TransfersService } from './transfers/transfers.service';

export interface LedgerModuleOptions {
  config: LedgerConfig;
  logger: Logger;
  connection: NatsConnection;
  dataSource: DataSource;
}

@Module({})
export class LedgerModule {
  static forRoot(options: LedgerModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: LedgerModule,
      imports: [HealthModule.forService('ledger')],
      controllers: [
        AccountsMessageHandler,
        TransfersMessageHandler,
        SupplyMessageHandler,
        PolicyMessageHandler,
        JournalMessageHandler,
      ],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: LOGGER, useValue: options.logger },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: DataSource, useValue: options.dataSource },
        {
          provide: LedgerStores,
          useFactory: (dataSource: DataSource) => new LedgerStores(rawDatabase(dataSource)),
          inject: [DataSource],
        },
        {
          provide: LedgerEventsEmitter,
          useFactory: (stores: LedgerStores) => new LedgerEventsEmitter(stores.outbox),
          inject: [LedgerStores],
        },
        {
          provide: CommitQueue,
          useFactory: (stores: LedgerStores) =>
            new CommitQueue(stores, {
              groupSizeMax: config.LEDGER_COMMIT_GROUP_MAX,
              queueLengthMax: config.LEDGER_QUEUE_LENGTH_MAX,
            }),
          inject: [LedgerStores],
        },
        {
          provide: OutboxRelay,
          useFactory: (stores: LedgerStores, queue: CommitQueue) => {
            const relay = new OutboxRelay(options.connection, stores.outbox, options.logger, {
              // Marks ride along with the next group commit instead of paying a commit of their own.
              runMarkSent: (mark) => queue.submit(mark),
            });
            queue.onCommitted(() => relay.notify());
            return relay;
          },
          inject: [LedgerStores, CommitQueue],
        },
        {
          provide: TransferEngine,
          useFactory: (stores: LedgerStores, events: LedgerEventsEmitter) =>
            new TransferEngine(stores, events),
          inject: [LedgerStores, LedgerEventsEmitter],
        },
        {
          provide: HoldExpiryWorker,
          useFactory: (engine: TransferEngine, queue: CommitQueue) =>
            new HoldExpiryWorker(engine, queue, options.logger, config.LEDGER_EXPIRY_SWEEP_MS),
          inject: [TransferEngine, CommitQueue],
        },
        AccountsService,
        {
          provide: AccountsEventsConsumer,
          useFactory: (
            stores: LedgerStores,
            queue: CommitQueue,
            engine: TransferEngine,
            accounts: AccountsService,
          ) =>
            new AccountsEventsConsumer(
              options.connection,
              { stores, queue, engine, accounts },
              options.logger,
            ),
          inject: [LedgerStores, CommitQueue, TransferEngine, AccountsService],
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
