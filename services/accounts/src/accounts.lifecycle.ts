import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NatsHealth, OutboxRelay } from '@ticketonomics/messaging';
import { closeDataSource } from '@ticketonomics/persistence';
import { METRICS_REGISTRY, Readiness } from '@ticketonomics/runtime';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { LOGGER, NATS_CONNECTION } from './accounts.tokens';
import { AccountsStores } from './store/accounts.stores';

/** How long shutdown waits for the last events to reach JetStream; the rest go out at the next start. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Starts the outbox relay once the app is up and stops things in order at shutdown, after the transport
 * has stopped taking requests: the relay (after a last flush), then the database.
 */
@Injectable()
export class AccountsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly stores: AccountsStores,
    private readonly dataSource: DataSource,
    private readonly readiness: Readiness,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const natsHealth = new NatsHealth(this.nc);
    this.readiness.register('nats', () => natsHealth.connected);
    this.readiness.register('database', () => this.dataSource.isInitialized);
    this.registerMetrics();
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await Promise.race([
      this.relay
        .flush()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'final outbox flush failed')),
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_FLUSH_TIMEOUT_MS).unref()),
    ]);
    await this.relay.close();
    await closeDataSource(this.dataSource);
    this.logger.info('accounts stopped');
  }

  private registerMetrics(): void {
    const { stores } = this;
    new Counter({
      name: 'accounts_writes_total',
      help: 'Write transactions committed since start',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(stores.writes);
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
