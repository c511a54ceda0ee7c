import type { Logger } from 'pino';
import type { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import type { Clock } from '../governance.tokens';
import type { GovernanceStores } from '../store/governance.stores';
import { onHoldConfirmed, releaseDone, released, settled, settleRefused, settleSet } from './pool.rules';
import { isRefusal, type PoolsLedgerGateway } from './pools-ledger.gateway';
import { toPledge, toPool, type PledgeRow, type PoolRow } from './pools.store';

/** Test hook points: the process dies right after the ledger call and before governance records it. */
export type PoolFaultPoint = 'pool-hold' | 'pool-settle' | 'pool-release';

/**
 * The steps that move a pool's money, shared by the commands (which take the first step at once) and the
 * worker (which finishes what a restart or an unreachable ledger left). Each step re-reads its rows in the
 * transaction that records it and changes nothing when another path got there first, and every ledger
 * call is idempotent, so running a step twice, or concurrently, moves no money twice.
 */
export class PoolsCloser {
  constructor(
    private readonly stores: GovernanceStores,
    private readonly ledger: PoolsLedgerGateway,
    private readonly events: GovernanceEventsEmitter,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly fault: (point: PoolFaultPoint) => void = () => undefined,
  ) {}

  /** Asks the ledger for a holding pledge's hold (again: the same request) and records its answer. */
  async hold(pledge: PledgeRow): Promise<PledgeRow | null> {
    const pool = this.requirePool(pledge);
    try {
      await this.ledger.hold(pool, pledge);
    } catch (error) {
      if (isRefusal(error)) this.forget(pledge);
      throw error;
    }
    this.fault('pool-hold');
    return this.confirm(pledge);
  }

  /**
   * The ledger holds the pledge: it counts while the pool is open and before its deadline (and may move the
   * pool to settling); otherwise the hold is released. Returns the pledge as recorded.
   */
  async confirm(pledge: PledgeRow): Promise<PledgeRow | null> {
    const outcome = this.stores.write(() => {
      const now = this.stores.pools.findPledge(pledge.communityId, pledge.poolId, pledge.seq);
      if (now?.status !== 'holding') return { pledge: now, void: false };
      const pool = this.requirePool(now);
      const next = onHoldConfirmed(pool, now.amount, this.clock());
      if (next.pledge === 'void') return { pledge: now, void: true };
      this.stores.pools.setPledgeStatus(now, 'held');
      this.stores.pools.update(next.pool);
      const held: PledgeRow = { ...now, status: 'held' };
      this.events.poolPledged(toPledge(held), toPool(next.pool));
      return { pledge: held, void: false };
    });
    if (outcome.void && outcome.pledge !== null) return this.voidStray(outcome.pledge);
    return outcome.pledge;
  }

  /** A holding pledge of a pool that no longer takes it: make sure its hold exists, then release it. */
  async voidStray(pledge: PledgeRow): Promise<PledgeRow> {
    try {
      await this.ledger.hold(this.requirePool(pledge), pledge);
    } catch (error) {
      // Refused: the ledger holds nothing for it, so there is nothing to release.
      if (!isRefusal(error)) throw error;
      return this.markVoided(pledge);
    }
    await this.ledger.release(pledge);
    return this.markVoided(pledge);
  }

  /** Finishes a pool being settled or released; a ledger that does not answer leaves it for the next round. */
  async finish(pool: PoolRow): Promise<void> {
    if (pool.status === 'settling') await this.settle(pool);
    else if (pool.status === 'releasing') await this.release(pool);
  }

  private async settle(pool: PoolRow): Promise<void> {
    const held = settleSet(this.stores.pools.pledges(pool.communityId, pool.id));
    try {
      await this.ledger.settle(pool, held);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // The ledger applied nothing (all or nothing, and a repeat of an applied request is answered as
      // applied): release every pledge instead, never part of them.
      const refused = this.stores.write(() => {
        const now = this.stores.pools.find(pool.communityId, pool.id);
        if (now?.status !== 'settling') return now;
        const next = settleRefused(now, this.clock(), `${error.code}: ${error.message}`);
        this.stores.pools.update(next);
        return next;
      });
      this.logger.warn(
        { err: error, communityId: pool.communityId, poolId: pool.id },
        'the ledger refused to post every pledge; the pool is released instead',
      );
      if (refused?.status === 'releasing') await this.release(refused);
      return;
    }
    this.fault('pool-settle');
    this.stores.write(() => {
      const now = this.stores.pools.find(pool.communityId, pool.id);
      if (now?.status !== 'settling') return;
      for (const pledge of held) this.stores.pools.setPledgeStatus(pledge, 'posted');
      const closed = settled(now, this.clock());
      this.stores.pools.update(closed);
      this.events.poolClosed(toPool(closed));
    });
    await this.voidHolding(pool);
  }

  private async release(pool: PoolRow): Promise<void> {
    for (const pledge of this.stores.pools.pledges(pool.communityId, pool.id)) {
      if (pledge.status === 'held') {
        await this.ledger.release(pledge);
        this.fault('pool-release');
        this.markVoided(pledge);
      } else if (pledge.status === 'holding') {
        await this.voidStray(pledge);
      }
    }
    this.stores.write(() => {
      const now = this.stores.pools.find(pool.communityId, pool.id);
      if (now?.status !== 'releasing') return;
      if (!releaseDone(this.stores.pools.pledges(pool.communityId, pool.id))) return;
      const closed = released(now, this.clock());
      this.stores.pools.update(closed);
      this.events.poolClosed(toPool(closed));
    });
  }

  /** Pledges still holding once a pool settled were never counted: release their holds. */
  private async voidHolding(pool: PoolRow): Promise<void> {
    for (const pledge of this.stores.pools.pledges(pool.communityId, pool.id)) {
      if (pledge.status === 'holding') await this.voidStray(pledge);
    }
  }

  private markVoided(pledge: PledgeRow): PledgeRow {
    return this.stores.write(() => {
      const now = this.stores.pools.findPledge(pledge.communityId, pledge.poolId, pledge.seq);
      if (now === null || now.status === 'voided') return now ?? { ...pledge, status: 'voided' };
      if (now.status === 'posted') throw new Error(`pledge ${pledge.seq} of pool ${pledge.poolId} is posted`);
      this.stores.pools.setPledgeStatus(now, 'voided');
      return { ...now, status: 'voided' };
    });
  }

  private forget(pledge: PledgeRow): void {
    this.stores.write(() => {
      const now = this.stores.pools.findPledge(pledge.communityId, pledge.poolId, pledge.seq);
      if (now?.status === 'holding') this.stores.pools.forgetPledge(now);
    });
  }

  private requirePool(pledge: PledgeRow): PoolRow {
    const pool = this.stores.pools.find(pledge.communityId, pledge.poolId);
    if (pool === null) throw new Error(`pledge ${pledge.seq} names pool ${pledge.poolId}, which is gone`);
    return pool;
  }
}
