import { OutboxRelay } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { CommitQueue } from '../commit/commit-queue';
import type { LedgerStores } from '../store/ledger.stores';

export interface LegacyOutboxDrainOptions {
  /** Rows published per round. */
  batchSize: number;
  /** Rows deleted per commit group once published. */
  pruneBatchSize: number;
  /** Pause after a failed round (NATS out of reach). */
  retryMs: number;
}

/**
 * Before the journal carried the ledger's events they went through an outbox table. A partition whose
 * file still holds outbox rows (from a ledger of that time) publishes the unsent ones, with their ids as
 * Nats-Msg-Id as before, then deletes them all; the table stays empty from then on.
 */
export class LegacyOutboxDrain {
  private relay: OutboxRelay | null = null;
  private loop: Promise<void> | null = null;
  private running = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stores: LedgerStores,
    private readonly queue: CommitQueue,
    private readonly logger: Logger,
    private readonly options: LegacyOutboxDrainOptions,
  ) {}

  start(): void {
    if (this.running || this.stores.outbox.isEmpty()) return;
    this.relay = new OutboxRelay(this.nc, this.stores.outbox, this.logger, {
      batchSize: this.options.batchSize,
      runMarkSent: (mark) => this.queue.submit(mark),
      beforeRead: () => this.queue.settled(),
    });
    this.running = true;
    this.loop = this.run(this.relay);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.relay?.close();
  }

  private async run(relay: OutboxRelay): Promise<void> {
    const unsent = this.stores.outbox.unsentCount();
    this.logger.info({ unsent }, 'publishing what the outbox still holds');
    while (this.running) {
      try {
        await relay.flush();
        const before = Date.now() + 1;
        let deleted = 0;
        do {
          deleted = await this.queue.submit(() =>
            this.stores.outbox.pruneSent(before, this.options.pruneBatchSize),
          );
        } while (this.running && deleted > 0);
        if (this.stores.outbox.isEmpty()) {
          this.logger.info(
            { published: unsent },
            'outbox drained; the journal carries every event from now on',
          );
          return;
        }
      } catch (error) {
        this.logger.warn({ err: error, retryInMs: this.options.retryMs }, 'outbox drain failed');
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs));
      }
    }
  }
}
