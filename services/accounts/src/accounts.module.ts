import { Module, type DynamicModule } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { rawDatabase } from '@ticketonomics/persistence';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { monotonicFactory } from 'ulid';
import { AccountsLifecycle } from './accounts.lifecycle';
import { ActivityService } from './activity/activity.service';
import { ApiKeysMessageHandler } from './api-keys/api-keys.message-handler';
import { ApiKeysService } from './api-keys/api-keys.service';
import type { WebhookSettings } from './config/accounts.config';
import { LOGGER, NATS_CONNECTION, PARTITION, USER_ID_FACTORY, WEBHOOK_SETTINGS } from './accounts.tokens';
import { CommunitiesMessageHandler } from './communities/communities.message-handler';
import { CommunitiesService } from './communities/communities.service';
import { AccountsEventsEmitter } from './events/accounts-events.emitter';
import { MembershipsMessageHandler } from './memberships/memberships.message-handler';
import { MembershipEnsureService } from './memberships/membership-ensure.service';
import { MembershipsService } from './memberships/memberships.service';
import { AccountsPeers } from './partitions/accounts-peers';
import { SettingsMessageHandler } from './settings/settings.message-handler';
import { SettingsService } from './settings/settings.service';
import { ACCOUNTS_GROUP_COMMIT, AccountsStores } from './store/accounts.stores';
import { WebhookDeliveries } from './webhooks/webhook-deliveries.service';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookEventsConsumer, webhooksDurableOf } from './webhooks/webhook-events.consumer';
import { WebhooksMessageHandler } from './webhooks/webhooks.message-handler';
import { WebhooksService } from './webhooks/webhooks.service';

export interface AccountsModuleOptions {
  logger: Logger;
  connection: NatsConnection;
  dataSource: DataSource;
  webhooks: WebhookSettings;
  /** How long one partition waits for another's answer (a user from the global partition). */
  peerTimeoutMs: number;
  /** The community partition and the fence every write transaction passes first. */
  partition: { label: string; index: number; count: number; assertWritable: () => void };
}

/**
 * A community partition of accounts: its communities, members, settings, activity, API keys and webhooks
 * in its own file, with its outbox relay and its webhook consumer and delivery worker. Users are the global
 * partition's (AccountsGlobalModule), asked through AccountsPeers.
 */
@Module({})
export class AccountsModule {
  static forRoot(options: AccountsModuleOptions): DynamicModule {
    return {
      module: AccountsModule,
      controllers: [
        CommunitiesMessageHandler,
        MembershipsMessageHandler,
        SettingsMessageHandler,
        ApiKeysMessageHandler,
        WebhooksMessageHandler,
      ],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: DataSource, useValue: options.dataSource },
        { provide: USER_ID_FACTORY, useFactory: () => monotonicFactory() },
        { provide: WEBHOOK_SETTINGS, useValue: options.webhooks },
        { provide: PARTITION, useValue: { index: options.partition.index, count: options.partition.count } },
        {
          provide: AccountsStores,
          useFactory: (dataSource: DataSource) =>
            new AccountsStores(
              rawDatabase(dataSource),
              ACCOUNTS_GROUP_COMMIT,
              options.partition.assertWritable,
            ),
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
            const relay = new OutboxRelay(options.connection, stores.outbox, options.logger, {
              // Marking published rows joins the next group commit instead of paying an fsync of its own.
              runMarkSent: (mark) => stores.writeGrouped(mark),
            });
            stores.onCommitted(() => relay.notify());
            return relay;
          },
          inject: [AccountsStores],
        },
        {
          provide: AccountsPeers,
          useFactory: () => new AccountsPeers(options.connection, options.peerTimeoutMs),
        },
        CommunitiesService,
        MembershipsService,
        MembershipEnsureService,
        SettingsService,
        ActivityService,
        ApiKeysService,
        WebhooksService,
        {
          provide: WebhookDeliveries,
          useFactory: (stores: AccountsStores, events: AccountsEventsEmitter) =>
            new WebhookDeliveries(stores, events, options.webhooks, options.logger),
          inject: [AccountsStores, AccountsEventsEmitter],
        },
        {
          provide: WebhookDeliveryWorker,
          useFactory: (deliveries: WebhookDeliveries, stores: AccountsStores) =>
            new WebhookDeliveryWorker(deliveries, stores, options.webhooks, options.logger),
          inject: [WebhookDeliveries, AccountsStores],
        },
        {
          provide: WebhookEventsConsumer,
          useFactory: (deliveries: WebhookDeliveries, worker: WebhookDeliveryWorker) =>
            new WebhookEventsConsumer(
              options.connection,
              deliveries,
              worker,
              options.logger,
              webhooksDurableOf(options.partition),
            ),
          inject: [WebhookDeliveries, WebhookDeliveryWorker],
        },
        AccountsLifecycle,
      ],
    };
  }
}
