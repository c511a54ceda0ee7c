import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NatsHealth, OutboxRelay } from '@ticketonomics/messaging';
import { closeDataSource } from '@ticketonomics/persistence';
import { METRICS_REGISTRY, Readiness } from '@ticketonomics/runtime';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { LOGGER, NATS_CONNECTION } from './ledger.tokens';
import { registerLedgerMetrics } from './metrics/ledger.metrics';
import { LedgerReads } from './store/ledger.reads';
import { LedgerWriter } from './writer/ledger-writer';

/** How long shutdown waits for the last events to reach JetStream; the rest go out at the next start. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Starts the background parts once the app is up and stops them in order at shutdown, after the
 * transport has stopped taking requests: the outbox, then the writer thread (which stops its expiry
 * sweeps and commits what is queued), then the read connection.
 */
@Injectable()
export class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly relay: OutboxRelay,
    private readonly reads: LedgerReads,
    private readonly dataSource: DataSource,
    private readonly readiness: Readiness,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const natsHealth = new NatsHealth(this.nc);
    this.readiness.register('nats', () => natsHealth.connected);
    this.readiness.register('database', () => this.dataSource.isInitialized && this.writer.alive);
    registerLedgerMetrics(this.registry, this.writer, this.reads.outbox);
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    // The transport has stopped taking requests and answered those in flight; the relay's marks still
    // need the writer, so it closes after the last flush.
    await Promise.race([
      this.relay
        .flush()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'final outbox flush failed')),
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_FLUSH_TIMEOUT_MS).unref()),
    ]);
    await this.writer.close();
    await this.relay.close();
    // Last: the main thread's connection closes after the writer's, so it is the one that checkpoints.
    await closeDataSource(this.dataSource);
    this.logger.info('ledger stopped');
  }
}
