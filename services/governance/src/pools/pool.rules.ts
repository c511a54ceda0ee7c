import {
  DomainError,
  POOL_LIMITS,
  type PledgeStatus,
  type PoolReleaseReason,
  type PoolStatus,
} from '@ticketonomics/contracts';

/**
 * The pool state machine, pure: what the service and the worker may do to a pool and its pledges. A pool
 * ends settled or released, never both; the step between (settling, releasing) is stored before the ledger
 * is called, so a restart finishes the same step.
 *
 *   open --(held pledges reach the target)--> settling --(ledger posted every pledge)--> settled
 *   open --(deadline | cancel)--> releasing --(every hold voided)--> released
 *   settling --(ledger refused the all-or-nothing post)--> releasing
 */
const NEXT: Record<PoolStatus, readonly PoolStatus[]> = {
  open: ['settling', 'releasing'],
  settling: ['settled', 'releasing'],
  releasing: ['released'],
  settled: [],
  released: [],
};

export function canMove(from: PoolStatus, to: PoolStatus): boolean {
  return NEXT[from].includes(to);
}

/** What a pool needs to move on its own. */
export interface PoolFacts {
  id: number;
  status: PoolStatus;
  targetAmount: number;
  deadline: number;
  pledgedAmount: number;
  pledgeCount: number;
  closingAt: number | null;
  closedAt: number | null;
  releaseReason: PoolReleaseReason | null;
  failure: string | null;
}

export interface PledgeFacts {
  status: PledgeStatus;
  amount: number;
}

function moved<P extends PoolFacts>(pool: P, to: PoolStatus, change: Partial<PoolFacts>): P {
  if (!canMove(pool.status, to)) throw new Error(`pool ${pool.id} cannot move from ${pool.status} to ${to}`);
  return { ...pool, ...change, status: to };
}

/** Why a new pledge is refused now, or null. `active` counts the pool's pledges holding, held or posted. */
export function pledgeRefusal(pool: PoolFacts, now: number, active: number): DomainError | null {
  if (pool.status !== 'open') {
    return new DomainError('CONFLICT', `pool ${pool.id} is ${pool.status}; only an open pool takes pledges`, {
      field: 'poolId',
      reason: 'not_open',
      status: pool.status,
      poolId: pool.id,
    });
  }
  if (now >= pool.deadline) {
    return new DomainError('CONFLICT', `pool ${pool.id} passed its deadline; it no longer takes pledges`, {
      field: 'poolId',
      reason: 'deadline_passed',
      status: pool.status,
      poolId: pool.id,
    });
  }
  if (active >= POOL_LIMITS.pledgesMax) {
    return new DomainError(
      'LIMIT_EXCEEDED',
      `pool ${pool.id} has ${POOL_LIMITS.pledgesMax} pledges, its most (all are posted in one ledger call); open another pool`,
      { field: 'poolId', limit: POOL_LIMITS.pledgesMax },
    );
  }
  return null;
}

/** Why a deadline is refused at `now`, or null: far enough ahead, and near enough for a ledger hold. */
export function deadlineRefusal(deadline: number, now: number): DomainError | null {
  const inMs = deadline - now;
  if (inMs >= POOL_LIMITS.deadlineInMsMin && inMs <= POOL_LIMITS.deadlineInMsMax) return null;
  return new DomainError(
    'VALIDATION_FAILED',
    `deadline: must be from ${POOL_LIMITS.deadlineInMsMin / 1000} seconds to ${Math.floor(POOL_LIMITS.deadlineInMsMax / 3_600_000)} hours ahead (a pledge is a ledger hold, which lasts at most 7 days)`,
    { field: 'deadline' },
  );
}

/**
 * The ledger confirmed a pledge's hold. While the pool is open and before its deadline, the pledge counts
 * (and the pledge reaching the target moves the pool to settling); otherwise the hold must be voided.
 */
export function onHoldConfirmed<P extends PoolFacts>(
  pool: P,
  amount: number,
  now: number,
): { pool: P; pledge: 'held' | 'void' } {
  if (pool.status !== 'open' || now >= pool.deadline) return { pool, pledge: 'void' };
  const pledgedAmount = pool.pledgedAmount + amount;
  const counted = { ...pool, pledgedAmount, pledgeCount: pool.pledgeCount + 1 };
  if (pledgedAmount < pool.targetAmount) return { pool: counted, pledge: 'held' };
  return { pool: moved(counted, 'settling', { closingAt: now }), pledge: 'held' };
}

/** The deadline passed (or the opener cancelled) while open: every hold is to be released. */
export function beginRelease<P extends PoolFacts>(pool: P, now: number, reason: PoolReleaseReason): P {
  return moved(pool, 'releasing', { closingAt: now, releaseReason: reason });
}

/** The ledger posted every pledge and the payout. */
export function settled<P extends PoolFacts>(pool: P, now: number): P {
  return moved(pool, 'settled', { closedAt: now });
}

/** The ledger refused the all-or-nothing post (nothing moved): release instead, never part of it. */
export function settleRefused<P extends PoolFacts>(pool: P, now: number, failure: string): P {
  return moved(pool, 'releasing', {
    closingAt: now,
    releaseReason: 'refused',
    failure: failure.slice(0, 500),
  });
}

/** Every hold of a releasing pool is released: no pledge is holding or held any more. */
export function releaseDone(pledges: readonly PledgeFacts[]): boolean {
  return pledges.every((pledge) => pledge.status === 'voided');
}

export function released<P extends PoolFacts>(pool: P, now: number): P {
  return moved(pool, 'released', { closedAt: now });
}

/**
 * What closing a pool posts: the pledges held when it began settling (no pledge is held after that), and
 * the sum paid out, which is the pool's pledged amount.
 */
export function settleSet<T extends PledgeFacts>(pledges: readonly T[]): T[] {
  return pledges.filter((pledge) => pledge.status === 'held' || pledge.status === 'posted');
}

/** What the worker does to a pool next. */
export function nextStep(pool: PoolFacts, now: number): 'settle' | 'release' | 'expire' | 'none' {
  if (pool.status === 'settling') return 'settle';
  if (pool.status === 'releasing') return 'release';
  if (pool.status === 'open' && now >= pool.deadline) return 'expire';
  return 'none';
}
