import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { closeDataSource } from '@ticketonomics/persistence';
import { METRICS_REGISTRY } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { CONFIG, LOGGER } from './artifacts.tokens';
import type { ArtifactsConfig } from './config/artifacts.config';
import { registerArtifactsMetrics, SagaOutcomes } from './metrics/artifacts.metrics';
import { SagaWorker } from './sagas/saga.worker';
import { ArtifactsStores } from './store/artifacts.stores';
import { TradeExpiryWorker } from './trades/trade-expiry.worker';

/** How long shutdown waits for the last events to reach JetStream; the rest go out at the next start. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Starts the background parts once the app is up (outbox relay, purchase recovery, trade expiry) and
 * stops them in order at shutdown, after the transport has stopped taking requests.
 */
@Injectable()
export class ArtifactsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly sagaWorker: SagaWorker,
    private readonly tradeExpiry: TradeExpiryWorker,
    private readonly outcomes: SagaOutcomes,
    private readonly stores: ArtifactsStores,
    private readonly dataSource: DataSource,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(CONFIG) private readonly config: ArtifactsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    registerArtifactsMetrics(this.registry, {
      outcomes: this.outcomes,
      sagas: this.stores.sagas,
      outbox: this.stores.outbox,
      attemptsMax: this.config.ARTIFACTS_SAGA_ATTEMPTS_MAX,
      writes: () => this.stores.writes,
    });
    if (this.config.ARTIFACTS_FAULT_AFTER !== 'off') {
      this.logger.warn(
        { faultAfter: this.config.ARTIFACTS_FAULT_AFTER },
        'TEST HOOK ON: the process kills itself mid-purchase',
      );
    }
    this.relay.start();
    this.sagaWorker.start();
    this.tradeExpiry.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tradeExpiry.stop();
    await this.sagaWorker.stop();
    await this.relay.stopAndFlush(SHUTDOWN_FLUSH_TIMEOUT_MS);
    await this.relay.close();
    await closeDataSource(this.dataSource);
    this.logger.info('artifacts stopped');
  }
}
