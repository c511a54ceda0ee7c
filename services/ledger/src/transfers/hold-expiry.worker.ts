import type { Logger } from 'pino';
import type { CommitQueue } from '../commit/commit-queue';
import type { HoldsEngine } from './holds.engine';
import type { PaymentsEngine } from './payments.engine';

/** Holds released per commit, so a backlog of expiries never stalls other writes for long. */
export const EXPIRY_BATCH_MAX = 500;

/** Past days' payment totals forgotten per commit, for the same reason. */
export const DAILY_TOTALS_PRUNE_BATCH_MAX = 1000;

/**
 * Releases holds whose time has run out, so reserved funds come back without anyone asking; the same
 * sweep forgets past days' payment totals, which no cap reads again.
 */
export class HoldExpiryWorker {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly holds: HoldsEngine,
    private readonly payments: PaymentsEngine,
    private readonly queue: CommitQueue,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.sweeping !== null) return;
      this.sweeping = this.sweep()
        .then(() => undefined)
        .finally(() => (this.sweeping = null));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** Release due holds a batch at a time until none is left. */
  async sweep(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const released = await this.queue.submit(() => this.holds.expireDue(EXPIRY_BATCH_MAX));
        total += released;
        if (released < EXPIRY_BATCH_MAX || this.timer === null) break;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'releasing expired holds failed; retrying on the next sweep');
    }
    if (total > 0) this.logger.info({ released: total }, 'expired holds released');
    await this.pruneDailyTotals();
    return total;
  }

  private async pruneDailyTotals(): Promise<void> {
    let pruned = 0;
    try {
      for (;;) {
        const deleted = await this.queue.submit(() =>
          this.payments.pruneDailyTotals(DAILY_TOTALS_PRUNE_BATCH_MAX),
        );
        pruned += deleted;
        if (deleted < DAILY_TOTALS_PRUNE_BATCH_MAX || this.timer === null) break;
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        'forgetting past daily payment totals failed; retrying on the next sweep',
      );
    }
    if (pruned > 0) this.logger.info({ rows: pruned }, 'past daily payment totals forgotten');
  }
}
