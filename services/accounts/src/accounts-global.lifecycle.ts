import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { closeDataSource } from '@ticketonomics/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from './accounts.tokens';
import { AccountsGlobalStores } from './store/accounts-global.stores';

/** How long shutdown waits for the last events to reach JetStream; the rest go out at the next start. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Runs only in the replica writing the global partition: starts its outbox relay, and when the partition
 * closes (shutdown, or the lease handed over or lost) flushes it (its marks refused by the fence if another
 * replica writes now), then the grouped writes still queued, then the database.
 */
@Injectable()
export class AccountsGlobalLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly stores: AccountsGlobalStores,
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stopAndFlush(SHUTDOWN_FLUSH_TIMEOUT_MS);
    await this.relay.close();
    await this.stores.close();
    await closeDataSource(this.dataSource);
    this.logger.info('accounts global partition stopped');
  }
}
