import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { closeDataSource } from '@ticketonomics/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AccountsEventsConsumer } from './accounts-sync/accounts-events.consumer';
import { CommitQueue } from './commit/commit-queue';
import { EmissionWorker } from './emission/emission.worker';
import { LOGGER } from './ledger.tokens';
import { HoldExpiryWorker } from './transfers/hold-expiry.worker';

/** How long shutdown waits for the last events to reach JetStream; the rest go out at the next start. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Starts the background parts once the app is up and stops them in order at shutdown, after the
 * transport has stopped taking requests: expiry sweeps, emission ticks, the outbox, queued writes, then the database.
 */
@Injectable()
export class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly queue: CommitQueue,
    private readonly relay: OutboxRelay,
    private readonly expiry: HoldExpiryWorker,
    private readonly accountsSync: AccountsEventsConsumer,
    private readonly emission: EmissionWorker,
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay.start();
    this.expiry.start();
    this.emission.start();
    await this.accountsSync.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.accountsSync.stop();
    await this.expiry.stop();
    await this.emission.stop();
    // The transport has stopped taking requests; what is queued commits, and the relay's marks still
    // need the queue, so it closes after the last flush.
    await this.relay.stopAndFlush(SHUTDOWN_FLUSH_TIMEOUT_MS);
    await this.queue.close();
    await this.relay.close();
    await closeDataSource(this.dataSource);
    this.logger.info('ledger stopped');
  }
}
