import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  PAGE_SIZE_DEFAULT,
  POOL_LIMITS,
  type Pledge,
  type Pool,
  type PoolStatus,
} from '@ticketonomics/contracts';
import type { Logger } from 'pino';
import { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import { CLOCK, LOGGER, type Clock } from '../governance.tokens';
import { GovernanceStores } from '../store/governance.stores';
import { beginRelease, deadlineRefusal, pledgeRefusal } from './pool.rules';
import { PoolsCloser } from './pools.closer';
import type { PoolRequest } from './pools.commands';
import { toPledge, toPool, type PledgeRow, type PoolRow } from './pools.store';

type OpenRequest = PoolRequest<'poolOpen'>;
type PledgeRequest = PoolRequest<'poolPledge'>;

/**
 * Cooperation pools: open, pledge, cancel, read. Rows are written before the ledger is asked (a pledge
 * 'holding', a pool 'releasing'), then the first step is taken at once; what a restart or a ledger that
 * did not answer leaves is finished by the PoolsWorker.
 */
@Injectable()
export class PoolsService {
  constructor(
    private readonly stores: GovernanceStores,
    private readonly events: GovernanceEventsEmitter,
    private readonly closer: PoolsCloser,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  open(request: OpenRequest): Pool {
    return this.stores.write(() => {
      const repeat = this.openRepeatOf(request);
      if (repeat !== null) return repeat;
      const now = this.clock();
      const deadline = Date.parse(request.deadline);
      const refusal = deadlineRefusal(deadline, now);
      if (refusal !== null) throw refusal;
      this.assertMember(request.communityId, request.openerId, 'openerId');
      if (request.recipientId !== undefined) {
        this.assertMember(request.communityId, request.recipientId, 'recipientId');
      }
      if (this.stores.pools.openCount(request.communityId) >= POOL_LIMITS.openPoolsMax) {
        throw new DomainError(
          'LIMIT_EXCEEDED',
          `the community has ${POOL_LIMITS.openPoolsMax} open pools, its most; wait for one to settle or release`,
          { limit: POOL_LIMITS.openPoolsMax },
        );
      }
      const row: PoolRow = {
        communityId: request.communityId,
        id: this.stores.counters.next(request.communityId, 'pool'),
        requestId: request.requestId,
        openerId: request.openerId,
        title: request.title,
        purpose: request.purpose,
        recipientId: request.recipientId ?? null,
        targetAmount: request.targetAmount,
        deadline,
        status: 'open',
        pledgedAmount: 0,
        pledgeCount: 0,
        nextPledgeSeq: 1,
        createdAt: now,
        closingAt: null,
        closedAt: null,
        releaseReason: null,
        cancelledBy: null,
        failure: null,
      };
      this.stores.pools.insert(row);
      const pool = toPool(row);
      this.events.poolOpened(pool);
      return pool;
    });
  }

  get(communityId: string, poolId: number): { pool: Pool; pledges: Pledge[] } {
    const row = this.require(communityId, poolId);
    return { pool: toPool(row), pledges: this.stores.pools.pledges(communityId, poolId).map(toPledge) };
  }

  list(request: PoolRequest<'poolList'>): { items: Pool[]; nextCursor: string | null } {
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const before = request.cursor === undefined ? null : cursorNumber(request.cursor);
    const rows = this.stores.pools.page(
      request.communityId,
      (request.status ?? null) as PoolStatus | null,
      before,
      limit + 1,
    );
    const items = rows.slice(0, limit).map(toPool);
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null };
  }

  /**
   * The pledge row is written 'holding' first, then the ledger holds it, then it counts. A ledger refusal
   * (funds, a frozen account) is the answer and the row is forgotten; a ledger that does not answer leaves
   * the row for a repeat with the same requestId or for the worker. The pledge reaching the target settles
   * the pool before the answer.
   */
  async pledge(request: PledgeRequest): Promise<{ pledge: Pledge; pool: Pool }> {
    const written = this.stores.write(() => this.pledgeRow(request));
    let pledge: PledgeRow | null = written;
    if (written.status === 'holding') pledge = await this.closer.hold(written);
    if (pledge === null || pledge.status === 'voided') {
      const pool = this.require(request.communityId, request.poolId);
      throw new DomainError(
        'CONFLICT',
        `pool ${pool.id} closed (${pool.status}) while the pledge was being held; its hold was released`,
        { field: 'poolId', reason: 'not_open', status: pool.status, poolId: pool.id },
      );
    }
    const pool = this.require(request.communityId, request.poolId);
    if (pool.status === 'settling') await this.finishQuietly(pool);
    const after = this.stores.pools.findPledge(pledge.communityId, pledge.poolId, pledge.seq) ?? pledge;
    return { pledge: toPledge(after), pool: toPool(this.require(request.communityId, request.poolId)) };
  }

  /** The opener (or an admin, asAdmin) cancels an open pool: every hold is released. */
  async cancel(request: PoolRequest<'poolCancel'>): Promise<Pool> {
    const row = this.stores.write(() => {
      const pool = this.require(request.communityId, request.poolId);
      if (!request.asAdmin && pool.openerId !== request.cancelledBy) {
        throw new DomainError('FORBIDDEN', 'only its opener or an admin can cancel a pool', {
          field: 'cancelledBy',
          reason: 'not_opener',
        });
      }
      if (pool.releaseReason === 'cancelled') return pool;
      if (pool.status !== 'open') {
        throw new DomainError(
          'CONFLICT',
          `only an open pool can be cancelled; pool ${pool.id} is ${pool.status}`,
          {
            field: 'poolId',
            reason: 'not_open',
            status: pool.status,
            poolId: pool.id,
          },
        );
      }
      const next = { ...beginRelease(pool, this.clock(), 'cancelled'), cancelledBy: request.cancelledBy };
      this.stores.pools.update(next);
      return next;
    });
    if (row.status === 'releasing') await this.finishQuietly(row);
    return toPool(this.require(request.communityId, request.poolId));
  }

  require(communityId: string, poolId: number): PoolRow {
    const row = this.stores.pools.find(communityId, poolId);
    if (row === null) {
      throw new DomainError('NOT_FOUND', `no pool ${poolId} in ${communityId}`, {
        field: 'poolId',
        communityId,
        poolId,
      });
    }
    return row;
  }

  /** Inside a write: the pledge a repeat names, or a new one written 'holding'. */
  private pledgeRow(request: PledgeRequest): PledgeRow {
    const pool = this.require(request.communityId, request.poolId);
    const repeat = this.stores.pools.findPledgeByRequest(
      request.communityId,
      request.poolId,
      request.requestId,
    );
    if (repeat !== null) {
      if (repeat.memberId !== request.memberId || repeat.amount !== request.amount) {
        throw new DomainError('IDEMPOTENCY_CONFLICT', `requestId ${request.requestId} made another pledge`, {
          field: 'requestId',
          requestId: request.requestId,
        });
      }
      return repeat;
    }
    const now = this.clock();
    const refusal = pledgeRefusal(pool, now, this.stores.pools.activePledgeCount(pool.communityId, pool.id));
    if (refusal !== null) throw refusal;
    this.assertMember(request.communityId, request.memberId, 'memberId');
    const row: PledgeRow = {
      communityId: pool.communityId,
      poolId: pool.id,
      seq: pool.nextPledgeSeq,
      requestId: request.requestId,
      memberId: request.memberId,
      amount: request.amount,
      status: 'holding',
      // Fixed now so a re-sent hold is the same request; it outlives the deadline by the margin, so a pool
      // settled before its deadline never meets an expired hold.
      holdTimeoutMs: pool.deadline - now + POOL_LIMITS.holdMarginMs,
      createdAt: now,
    };
    this.stores.pools.insertPledgeRow(row);
    this.stores.pools.update({ ...pool, nextPledgeSeq: pool.nextPledgeSeq + 1 });
    return row;
  }

  private async finishQuietly(pool: PoolRow): Promise<void> {
    try {
      await this.closer.finish(pool);
    } catch (error) {
      this.logger.warn(
        { err: error, communityId: pool.communityId, poolId: pool.id },
        'pool step not finished; the worker finishes it',
      );
    }
  }

  private assertMember(communityId: string, userId: string, field: string): void {
    const member = this.stores.members.find(communityId, userId);
    if (member === null || !member.active) {
      throw new DomainError('FORBIDDEN', `${field}: ${userId} is not a member of ${communityId}`, {
        field,
        reason: 'not_member',
        communityId,
        userId,
      });
    }
  }

  private openRepeatOf(request: OpenRequest): Pool | null {
    const row = this.stores.pools.findByRequest(request.communityId, request.requestId);
    if (row === null) return null;
    const same =
      row.openerId === request.openerId &&
      row.title === request.title &&
      row.purpose === request.purpose &&
      row.recipientId === (request.recipientId ?? null) &&
      row.targetAmount === request.targetAmount &&
      row.deadline === Date.parse(request.deadline);
    if (!same) {
      throw new DomainError('IDEMPOTENCY_CONFLICT', `requestId ${request.requestId} opened another pool`, {
        field: 'requestId',
        requestId: request.requestId,
      });
    }
    return toPool(row);
  }
}

function cursorNumber(cursor: string): number {
  const value = Number(cursor);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new DomainError('VALIDATION_FAILED', 'cursor must be one from a previous page', {
      field: 'cursor',
    });
  }
  return value;
}
