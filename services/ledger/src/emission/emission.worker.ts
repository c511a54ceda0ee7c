import type { Logger } from 'pino';
import type { CommitQueue } from '../commit/commit-queue';
import type { LedgerStores } from '../store/ledger.stores';
import type { EmissionEngine } from './emission.engine';

/**
 * Applies each scheduled community's completed periods, oldest first, one period per commit. It runs in
 * the partition's module, so only on the replica that owns the partition, and every commit passes the
 * partition's fence; a period's row in emission_periods (its primary key) keeps a period from being
 * applied twice across restarts, moves and catch-up.
 */
export class EmissionWorker {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly engine: EmissionEngine,
    private readonly stores: LedgerStores,
    private readonly queue: CommitQueue,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.ticking !== null) return;
      this.ticking = this.tick()
        .then(() => undefined)
        .finally(() => (this.ticking = null));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Apply every due period of every scheduled community; returns how many were applied. */
  async tick(): Promise<number> {
    let applied = 0;
    for (const communityId of this.stores.emission.scheduledCommunities()) {
      try {
        applied += await this.catchUp(communityId);
      } catch (error) {
        this.logger.warn(
          { err: error, communityId },
          'applying an emission period failed; retrying on the next tick',
        );
      }
    }
    return applied;
  }

  private async catchUp(communityId: string): Promise<number> {
    let applied = 0;
    for (;;) {
      // A period writes a row per recipient and per fee: weigh it so the queue commits it in a group of its own size.
      const weight = 1 + 2 * this.stores.accounts.countOf(communityId);
      const outcome = await this.queue.submit(() => this.engine.applyNext(communityId, this.now()), {
        weight,
      });
      if (outcome.kind === 'idle') return applied;
      if (outcome.kind === 'applied') {
        applied += 1;
        if (outcome.skipped > 0) {
          this.logger.warn(
            { communityId, skipped: outcome.skipped },
            'periods missed beyond the catch-up bound were skipped, not emitted',
          );
        }
        this.logger.info(
          { communityId, period: outcome.applied.periodIndex, emitted: outcome.applied.emitted },
          'emission period applied',
        );
      }
      if (this.timer === null && applied > 0) return applied;
    }
  }
}
