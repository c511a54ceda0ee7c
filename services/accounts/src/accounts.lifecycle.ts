import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { closeDataSource } from '@ticketonomics/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from './accounts.tokens';
import { AccountsStores } from './store/accounts.stores';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookEventsConsumer } from './webhooks/webhook-events.consumer';

/** How long shutdown waits for the last events to reach JetStream; the rest go out at the next start. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Runs only in the replica writing a community partition (the module is the partition's, built when this
 * replica takes its lease): starts the outbox relay and the webhook parts once the partition is up, and
 * stops things in order when it closes (shutdown, or the lease handed over or lost), after the transport
 * has stopped taking requests: the webhook consumer (nothing new is queued), the delivery worker (requests
 * in flight are aborted and stay pending), the relay (after a last flush, whose marking of sent rows is
 * itself a grouped write, refused by the fence if another replica writes now), the grouped writes still
 * queued, then the database.
 */
@Injectable()
export class AccountsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly webhookEvents: WebhookEventsConsumer,
    private readonly webhookWorker: WebhookDeliveryWorker,
    private readonly stores: AccountsStores,
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay.start();
    this.webhookWorker.start();
    await this.webhookEvents.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.webhookEvents.stop();
    await this.webhookWorker.stop();
    await this.relay.stopAndFlush(SHUTDOWN_FLUSH_TIMEOUT_MS);
    await this.relay.close();
    await this.stores.close();
    await closeDataSource(this.dataSource);
    this.logger.info('accounts community partition stopped');
  }
}
