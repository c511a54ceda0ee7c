import { Module, type DynamicModule } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { rawDatabase } from '@ticketonomics/persistence';
import { HealthModule } from '@ticketonomics/runtime';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AccountsMessageHandler } from './accounts/accounts.message-handler';
import { AccountsService } from './accounts/accounts.service';
import type { LedgerConfig } from './config/ledger.config';
import { JournalVerifyService } from './journal/journal-verify.service';
import { JournalMessageHandler } from './journal/journal.message-handler';
import { LedgerLifecycle } from './ledger.lifecycle';
import { LEDGER_CONFIG, LOGGER, NATS_CONNECTION } from './ledger.tokens';
import { PolicyMessageHandler } from './policy/policy.message-handler';
import { PolicyService } from './policy/policy.service';
import { LedgerReads } from './store/ledger.reads';
import { SupplyMessageHandler } from './supply/supply.message-handler';
import { SupplyService } from './supply/supply.service';
import { TransfersMessageHandler } from './transfers/transfers.message-handler';
import { TransfersService } from './transfers/transfers.service';
import { LedgerWriter } from './writer/ledger-writer';

export interface LedgerModuleOptions {
  config: LedgerConfig;
  logger: Logger;
  connection: NatsConnection;
  dataSource: DataSource;
  /** The writer thread, started once the migrations ran; it owns every write to the store. */
  writer: LedgerWriter;
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
        { provide: LedgerWriter, useValue: options.writer },
        {
          provide: LedgerReads,
          useFactory: (dataSource: DataSource) => new LedgerReads(rawDatabase(dataSource)),
          inject: [DataSource],
        },
        {
          provide: OutboxRelay,
          useFactory: (reads: LedgerReads, writer: LedgerWriter) => {
            // The relay reads unsent rows here; its marks ride along with the writer thread's next group.
            const relay = new OutboxRelay(options.connection, reads.outbox, options.logger, {
              writes: {
                markSent: (seqs) => writer.call('outbox.markSent', seqs),
                pruneSent: (before, limit) => writer.call('outbox.pruneSent', before, limit),
              },
            });
            writer.onCommitted(() => relay.notify());
            return relay;
          },
          inject: [LedgerReads, LedgerWriter],
        },
        AccountsService,
        TransfersService,
        SupplyService,
        PolicyService,
        JournalVerifyService,
        LedgerLifecycle,
      ],
    };
  }
}
