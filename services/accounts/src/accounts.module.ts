import { Module, type DynamicModule } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { rawDatabase } from '@ticketonomics/persistence';
import { HealthModule } from '@ticketonomics/runtime';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { monotonicFactory } from 'ulid';
import { AccountsLifecycle } from './accounts.lifecycle';
import { ActivityService } from './activity/activity.service';
import { LOGGER, NATS_CONNECTION, USER_ID_FACTORY } from './accounts.tokens';
import { CommunitiesMessageHandler } from './communities/communities.message-handler';
import { CommunitiesService } from './communities/communities.service';
import { AccountsEventsEmitter } from './events/accounts-events.emitter';
import { MembershipsMessageHandler } from './memberships/memberships.message-handler';
import { MembershipsService } from './memberships/memberships.service';
import { SettingsMessageHandler } from './settings/settings.message-handler';
import { SettingsService } from './settings/settings.service';
import { AccountsStores } from './store/accounts.stores';
import { UsersMessageHandler } from './users/users.message-handler';
import { UsersService } from './users/users.service';

export interface AccountsModuleOptions {
  logger: Logger;
  connection: NatsConnection;
  dataSource: DataSource;
}

@Module({})
export class AccountsModule {
  static forRoot(options: AccountsModuleOptions): DynamicModule {
    return {
      module: AccountsModule,
      imports: [HealthModule.forService('accounts')],
      controllers: [
        UsersMessageHandler,
        CommunitiesMessageHandler,
        MembershipsMessageHandler,
        SettingsMessageHandler,
      ],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: DataSource, useValue: options.dataSource },
        { provide: USER_ID_FACTORY, useFactory: () => monotonicFactory() },
        {
          provide: AccountsStores,
          useFactory: (dataSource: DataSource) => new AccountsStores(rawDatabase(dataSource)),
          inject: [DataSource],
        },
        {
          provide: AccountsEventsEmitter,
          useFactory: (stores: AccountsStores) => new AccountsEventsEmitter(stores.outbox),
          inject: [AccountsStores],
        },
        {
          provide: OutboxRelay,
          useFactory: (stores: AccountsStores) => {
            const relay = new OutboxRelay(options.connection, stores.outbox, options.logger);
            stores.onCommitted(() => relay.notify());
            return relay;
          },
          inject: [AccountsStores],
        },
        UsersService,
        CommunitiesService,
        MembershipsService,
        SettingsService,
        ActivityService,
        AccountsLifecycle,
      ],
    };
  }
}
