import { Module, type DynamicModule } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { rawDatabase } from '@ticketonomics/persistence';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { monotonicFactory } from 'ulid';
import { AccountsGlobalLifecycle } from './accounts-global.lifecycle';
import { LOGGER, NATS_CONNECTION, USER_ID_FACTORY } from './accounts.tokens';
import { AccountsEventsEmitter } from './events/accounts-events.emitter';
import { LinkCodesMessageHandler } from './link-codes/link-codes.message-handler';
import { LinkCodesService } from './link-codes/link-codes.service';
import { AccountsPeers } from './partitions/accounts-peers';
import { AccountsGlobalStores } from './store/accounts-global.stores';
import { ACCOUNTS_GROUP_COMMIT } from './store/accounts.stores';
import { UsersMessageHandler } from './users/users.message-handler';
import { UsersService } from './users/users.service';

export interface AccountsGlobalModuleOptions {
  logger: Logger;
  connection: NatsConnection;
  dataSource: DataSource;
  /** How long the global partition waits for a community partition's answer (a community, a membership). */
  peerTimeoutMs: number;
  /** The fence every write transaction passes first. */
  partition: { assertWritable: () => void };
}

/**
 * The global partition of accounts, over `accounts.sqlite`: users and their identities, link codes, and its
 * outbox relay. One replica writes it at a time, chosen by the same leases as the community partitions.
 */
@Module({})
export class AccountsGlobalModule {
  static forRoot(options: AccountsGlobalModuleOptions): DynamicModule {
    return {
      module: AccountsGlobalModule,
      controllers: [UsersMessageHandler, LinkCodesMessageHandler],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: DataSource, useValue: options.dataSource },
        { provide: USER_ID_FACTORY, useFactory: () => monotonicFactory() },
        {
          provide: AccountsGlobalStores,
          useFactory: (dataSource: DataSource) =>
            new AccountsGlobalStores(
              rawDatabase(dataSource),
              ACCOUNTS_GROUP_COMMIT,
              options.partition.assertWritable,
            ),
          inject: [DataSource],
        },
        {
          provide: AccountsEventsEmitter,
          useFactory: (stores: AccountsGlobalStores) => new AccountsEventsEmitter(stores.outbox),
          inject: [AccountsGlobalStores],
        },
        {
          provide: OutboxRelay,
          useFactory: (stores: AccountsGlobalStores) => {
            const relay = new OutboxRelay(options.connection, stores.outbox, options.logger, {
              runMarkSent: (mark) => stores.writeGrouped(mark),
            });
            stores.onCommitted(() => relay.notify());
            return relay;
          },
          inject: [AccountsGlobalStores],
        },
        {
          provide: AccountsPeers,
          useFactory: () => new AccountsPeers(options.connection, options.peerTimeoutMs),
        },
        UsersService,
        LinkCodesService,
        AccountsGlobalLifecycle,
      ],
    };
  }
}
