import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { closeDataSource } from '@ticketonomics/persistence';
import { METRICS_REGISTRY } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { LOGGER, STORE_SLOT } from './analytics.tokens';
import { StreamConsumer } from './consumer/stream.consumer';
import type { StoreSlot } from './slots/store-slot';
import { AnalyticsStores } from './store/analytics.stores';

/**
 * Follows the stream once the app is up; at shutdown, after the transport stopped taking requests, stops
 * following (the batch being applied is synchronous, so it has committed), closes the database and frees
 * the store slot.
 */
@Injectable()
export class AnalyticsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly consumer: StreamConsumer,
    private readonly stores: AnalyticsStores,
    private readonly dataSource: DataSource,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STORE_SLOT) private readonly slot: StoreSlot,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registerMetrics();
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await closeDataSource(this.dataSource);
    // Only now that nothing writes the file may another replica take it.
    await this.slot.release();
    this.logger.info('analytics stopped');
  }

  private registerMetrics(): void {
    const { consumer, stores, logger } = this;
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    counter('analytics_events_applied_total', 'Events applied since start', () => consumer.counters.applied);
    counter(
      'analytics_events_malformed_total',
      'Events skipped since start because they were not valid',
      () => consumer.counters.malformed,
    );
    counter(
      'analytics_events_redelivered_total',
      'Messages at or below the stored position, skipped, since start',
      () => consumer.counters.redelivered,
    );
    counter(
      'analytics_batch_failures_total',
      'Batches that failed to apply and were retried',
      () => consumer.counters.failures,
    );
    new Gauge({
      name: 'analytics_applied_seq',
      help: 'Last stream sequence applied to the read models',
      registers: [this.registry],
      collect() {
        this.set(stores.position.get().appliedSeq);
      },
    });
    new Gauge({
      name: 'analytics_lag',
      help: 'Stream messages not yet applied: the stream last sequence minus the applied one',
      registers: [this.registry],
      async collect() {
        try {
          const { lastSeq } = await consumer.streamBounds();
          this.set(Math.max(0, lastSeq - stores.position.get().appliedSeq));
        } catch (error) {
          logger.warn({ err: error }, 'cannot read the stream position for the lag metric');
        }
      },
    });
  }
}
