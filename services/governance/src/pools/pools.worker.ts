import type { Logger } from 'pino';
import type { Clock } from '../governance.tokens';
import type { GovernanceStores } from '../store/governance.stores';
import { beginRelease, nextStep } from './pool.rules';
import { isRefusal } from './pools-ledger.gateway';
import type { PoolsCloser } from './pools.closer';
import type { PledgeRow } from './pools.store';

export interface PoolsWorkerOptions {
  intervalMs: number;
  batchMax: number;
  /**
   * A pledge holding longer than this was left by a restart or an unanswered call, not one being asked
   * right now: the worker asks the ledger again.
   */
  holdingGraceMs: number;
}

/**
 * Each round, on the partition this replica serves: open pools past their deadline begin releasing; pools
 * settling or releasing are finished; pledges left holding are asked of the ledger again (the same hold
 * id) and counted, or released when their pool no longer takes them. After a restart, or on the replica
 * that took the partition over, the first round resumes every step that was under way.
 */
export class PoolsWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Made when the partition is served here: pledges holding from before were left by another process. */
  private readonly startedAt: number;

  constructor(
    private readonly stores: GovernanceStores,
    private readonly closer: PoolsCloser,
    private readonly clock: Clock,
    private readonly options: PoolsWorkerOptions,
    private readonly logger: Logger,
  ) {
    this.startedAt = clock();
  }

  start(): void {
    this.timer = setInterval(() => void this.round(), this.options.intervalMs);
    void this.round();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round; a round already running is joined instead of started twice. */
  round(): Promise<void> {
    this.running ??= this.run()
      .catch((error: unknown) => this.logger.error({ err: error }, 'pools round failed; retried next round'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<void> {
    this.expire();
    for (const pool of this.stores.pools.closing(this.options.batchMax)) {
      await this.step(`pool ${pool.id}`, pool.communityId, () => this.closer.finish(pool));
    }
    // Rows written before this worker started were left by a process that is gone: none of them waits.
    const staleBy = Math.max(this.clock() - this.options.holdingGraceMs, this.startedAt - 1);
    for (const pledge of this.stores.pools.holding(staleBy, this.options.batchMax)) {
      await this.step(`pledge ${pledge.seq} of pool ${pledge.poolId}`, pledge.communityId, () =>
        this.reconcile(pledge),
      );
    }
  }

  private expire(): void {
    this.stores.write(() => {
      const now = this.clock();
      for (const pool of this.stores.pools.expired(now, this.options.batchMax)) {
        if (nextStep(pool, now) === 'expire') this.stores.pools.update(beginRelease(pool, now, 'deadline'));
      }
    });
  }

  private async reconcile(pledge: PledgeRow): Promise<void> {
    const pool = this.stores.pools.find(pledge.communityId, pledge.poolId);
    if (pool === null) return;
    if (pool.status !== 'open') {
      await this.closer.voidStray(pledge);
      return;
    }
    try {
      await this.closer.hold(pledge);
    } catch (error) {
      // The ledger refused it: the pledge is forgotten (its member was answered with the refusal, or
      // never answered and repeats the pledge).
      if (!isRefusal(error)) throw error;
      return;
    }
    const after = this.stores.pools.find(pledge.communityId, pledge.poolId);
    if (after?.status === 'settling') await this.closer.finish(after);
  }

  /** One pool's step; one that fails (the ledger away) does not hold up the others. */
  private async step(what: string, communityId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn({ err: error, communityId }, `${what} not finished; tried again next round`);
    }
  }
}
