import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@ticketonomics/messaging';
import { closeDataSource } from '@ticketonomics/persistence';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ApplyWorker } from './apply/apply.worker';
import type { GovernanceConfig } from './config/governance.config';
import { OwnerEventsConsumers } from './eligibility/owner-events.consumer';
import { CONFIG, LOGGER } from './governance.tokens';
import { PoolsWorker } from './pools/pools.worker';

/** How long shutdown waits for the last events to reach JetStream; the rest go out at the next start. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Starts a partition's background parts once it is served here (outbox relay, the accounts and ledger
 * consumers, the decide-and-apply worker, the pools worker) and stops them in order when it closes.
 */
@Injectable()
export class GovernanceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly consumers: OwnerEventsConsumers,
    private readonly worker: ApplyWorker,
    private readonly pools: PoolsWorker,
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: GovernanceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.GOVERNANCE_FAULT_AFTER !== 'off') {
      this.logger.warn(
        { faultAfter: this.config.GOVERNANCE_FAULT_AFTER },
        'TEST HOOK ON: the process kills itself mid-step',
      );
    }
    this.relay.start();
    await this.consumers.start();
    this.worker.start();
    this.pools.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    await this.pools.stop();
    await this.consumers.stop();
    await this.relay.stopAndFlush(SHUTDOWN_FLUSH_TIMEOUT_MS);
    await this.relay.close();
    await closeDataSource(this.dataSource);
    this.logger.info('governance partition stopped');
  }
}
