import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { closeDataSource } from '@ticketonomics/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CONFIG, LOGGER } from './artifacts.tokens';
import type { ArtifactsConfig } from './config/artifacts.config';
import { SagaWorker } from './sagas/saga.worker';
import { TradeExpiryWorker } from './trades/trade-expiry.worker';

/** How long shutdown waits for the last events to reach JetStream; the rest go out at the next start. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Starts a partition's background parts once it is served here (outbox relay, purchase recovery, trade
 * expiry: each over the partition's own communities) and stops them in order when it closes, after the
 * transport has stopped taking requests.
 */
@Injectable()
export class ArtifactsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly sagaWorker: SagaWorker,
    private readonly tradeExpiry: TradeExpiryWorker,
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: ArtifactsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
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
    this.logger.info('artifacts partition stopped');
  }
}
