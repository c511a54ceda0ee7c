import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { closeDataSource } from '@ticketonomics/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AccountsEventsConsumer } from './accounts-sync/accounts-events.consumer';
import { CommitQueue } from './commit/commit-queue';
import { EmissionWorker } from './emission/emission.worker';
import { JournalEventsPublisher } from './events/journal-events.publisher';
import { LegacyOutboxDrain } from './events/legacy-outbox.drain';
import { LOGGER } from './ledger.tokens';
import { LedgerStores } from './store/ledger.stores';
import { HoldExpiryWorker } from './transfers/hold-expiry.worker';

/** How long shutdown waits for the last events to reach JetStream; the partition's next owner sends the rest. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Starts the background parts once the app is up and stops them in order at shutdown, after the
 * transport has stopped taking requests: expiry sweeps, emission ticks, queued writes, their events, then the database.
 */
@Injectable()
export class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly queue: CommitQueue,
    private readonly stores: LedgerStores,
    private readonly events: JournalEventsPublisher,
    private readonly legacyOutbox: LegacyOutboxDrain,
    private readonly expiry: HoldExpiryWorker,
    private readonly accountsSync: AccountsEventsConsumer,
    private readonly emission: EmissionWorker,
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.events.start((position) => this.queue.submit(() => this.stores.eventsCursor.record(position)));
    this.legacyOutbox.start();
    this.expiry.start();
    this.emission.start();
    await this.accountsSync.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.accountsSync.stop();
    await this.expiry.stop();
    await this.emission.stop();
    await this.legacyOutbox.stop();
    // The transport has stopped taking requests: what is queued commits, then its events go out, and the
    // position they reached is saved through the queue, which closes last.
    // Bounded: with the journal out of reach the queue keeps trying to get back in step until closed.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.queue.idle(),
      new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_FLUSH_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    await this.events.stop(SHUTDOWN_FLUSH_TIMEOUT_MS);
    await this.queue.close();
    await closeDataSource(this.dataSource);
    this.logger.info('ledger stopped');
  }
}
