import type { Logger } from 'pino';
import type { ArtifactsStores } from '../store/artifacts.stores';
import type { TradeSwap } from './trade-swap';

/** Closes open trade offers past their expiry, unlocking their editions, a bounded batch per transaction. */
export class TradeExpiryWorker {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly stores: ArtifactsStores,
    private readonly swaps: TradeSwap,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly batchMax: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** Expire due offers a batch at a time until none is left; returns how many expired. */
  sweep(): Promise<number> {
    this.sweeping ??= this.expireAll().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async expireAll(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const expired = this.stores.write(() => {
          const at = Date.now();
          const due = this.stores.trades.due(at, this.batchMax);
          for (const trade of due) this.swaps.close(trade, 'expired', at);
          return due.length;
        });
        total += expired;
        if (expired < this.batchMax) break;
        // Let requests in between batches of a long backlog.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'expiring trade offers failed; retrying on the next round');
    }
    if (total > 0) this.logger.info({ expired: total }, 'trade offers expired');
    return total;
  }
}
