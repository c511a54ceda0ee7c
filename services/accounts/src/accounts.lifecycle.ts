import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { closeDataSource } from '@ticketonomics/persistence';
import { METRICS_REGISTRY } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { LOGGER } from './accounts.tokens';
import { AccountsStores } from './store/accounts.stores';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookEventsConsumer } from './webhooks/webhook-events.consumer';

/** How long shutdown waits for the last events to reach JetStream; the rest go out at the next start. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Starts the outbox relay and the webhook parts once the app is up, and stops things in order at shutdown,
 * after the transport has stopped taking requests: the webhook consumer (nothing new is queued), the
 * delivery worker (requests in flight are aborted and stay pending), the relay (after a last flush, whose
 * marking of sent rows is itself a grouped write), the grouped writes still queued, then the database.
 */
@Injectable()
export class AccountsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly webhookEvents: WebhookEventsConsumer,
    private readonly webhookWorker: WebhookDeliveryWorker,
    private readonly stores: AccountsStores,
    private readonly dataSource: DataSource,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registerMetrics();
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
    this.logger.info('accounts stopped');
  }

  private registerMetrics(): void {
    const { stores } = this;
    new Counter({
      name: 'accounts_writes_total',
      help: 'Write transactions committed since start (a group of grouped writes counts once)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(stores.writes);
      },
    });
    new Counter({
      name: 'accounts_grouped_writes_total',
      help: 'Grouped writes (membership.ensure, activity.record, outbox marks) run in a committed group since start',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(stores.groupStats.items);
      },
    });
    new Gauge({
      name: 'accounts_grouped_writes_queued',
      help: 'Grouped writes waiting for their group to commit',
      registers: [this.registry],
      collect() {
        this.set(stores.queuedWrites);
      },
    });
    const worker = this.webhookWorker;
    new Gauge({
      name: 'accounts_webhook_requests_in_flight',
      help: 'Webhook deliveries being sent right now',
      registers: [this.registry],
      collect() {
        this.set(worker.inFlightCount);
      },
    });
    new Gauge({
      name: 'accounts_outbox_unsent',
      help: 'Events written but not yet acknowledged by JetStream',
      registers: [this.registry],
      collect() {
        this.set(stores.outbox.unsentCount());
      },
    });
  }
}
