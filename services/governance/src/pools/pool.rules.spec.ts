import { POOL_LIMITS, POOL_STATUSES, type PoolStatus } from '@ticketonomics/contracts';
import fc from 'fast-check';
import {
  beginRelease,
  canMove,
  deadlineRefusal,
  nextStep,
  onHoldConfirmed,
  pledgeRefusal,
  releaseDone,
  settled,
  settleRefused,
  type PoolFacts,
} from './pool.rules';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const open: PoolFacts = {
  id: 1,
  status: 'open',
  targetAmount: 100,
  deadline: NOW + 60_000,
  pledgedAmount: 0,
  pledgeCount: 0,
  closingAt: null,
  closedAt: null,
  releaseReason: null,
  failure: null,
};

describe('pool rules', () => {
  it('moves open to settling or releasing, settling to settled or releasing, releasing to released, and ends there', () => {
    const moves = POOL_STATUSES.flatMap((from) =>
      POOL_STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}->${to}`),
    );
    expect(moves.sort()).toEqual(
      [
        'open->releasing',
        'open->settling',
        'releasing->released',
        'settling->releasing',
        'settling->settled',
      ].sort(),
    );
    expect(() => settled({ ...open, status: 'released' }, NOW)).toThrow(/cannot move from released/);
    expect(() => beginRelease({ ...open, status: 'settled' }, NOW, 'cancelled')).toThrow();
  });

  it('counts a confirmed hold while open and before the deadline, and settles on the one reaching the target', () => {
    const first = onHoldConfirmed(open, 60, NOW);
    expect(first).toMatchObject({
      pledge: 'held',
      pool: { status: 'open', pledgedAmount: 60, pledgeCount: 1 },
    });
    const second = onHoldConfirmed(first.pool, 50, NOW + 1);
    expect(second).toMatchObject({
      pledge: 'held',
      pool: { status: 'settling', pledgedAmount: 110, pledgeCount: 2, closingAt: NOW + 1 },
    });
    expect(onHoldConfirmed(second.pool, 10, NOW + 2)).toEqual({ pool: second.pool, pledge: 'void' });
    expect(onHoldConfirmed(open, 10, open.deadline)).toEqual({ pool: open, pledge: 'void' });
  });

  it('never ends a pool both ways, whatever the order of confirmations, deadline and refusals', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('hold' as const), amount: fc.integer({ min: 1, max: 80 }) }),
      fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 1, max: 30_000 }) }),
      fc.constant({ kind: 'cancel' as const }),
      fc.constant({ kind: 'ledger-posted' as const }),
      fc.constant({ kind: 'ledger-refused' as const }),
      fc.constant({ kind: 'all-voided' as const }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let pool = open;
        let now = NOW;
        const seen: PoolStatus[] = ['open'];
        let counted = 0;
        for (const next of steps) {
          if (next.kind === 'hold') {
            const outcome = onHoldConfirmed(pool, next.amount, now);
            if (outcome.pledge === 'held') counted += next.amount;
            pool = outcome.pool;
          } else if (next.kind === 'time') {
            now += next.ms;
            if (nextStep(pool, now) === 'expire') pool = beginRelease(pool, now, 'deadline');
          } else if (next.kind === 'cancel' && pool.status === 'open')
            pool = beginRelease(pool, now, 'cancelled');
          else if (next.kind === 'ledger-posted' && nextStep(pool, now) === 'settle')
            pool = settled(pool, now);
          else if (next.kind === 'ledger-refused' && nextStep(pool, now) === 'settle') {
            pool = settleRefused(pool, now, 'PENDING_NOT_OPEN: expired');
          } else if (next.kind === 'all-voided' && nextStep(pool, now) === 'release') {
            pool = { ...pool, status: 'released', closedAt: now };
          }
          if (seen[seen.length - 1] !== pool.status) seen.push(pool.status);
        }
        expect(seen.includes('settled') && seen.includes('released')).toBe(false);
        expect(pool.pledgedAmount).toBe(counted);
        if (pool.status === 'settling' || pool.status === 'settled') {
          expect(pool.pledgedAmount).toBeGreaterThanOrEqual(pool.targetAmount);
        }
        if (seen.includes('settling')) expect(seen[seen.indexOf('settling') - 1]).toBe('open');
      }),
      { numRuns: 300 },
    );
  });

  it('bounds deadlines by the ledger hold, pledges by the pool cap, and releases only when every pledge is voided', () => {
    expect(deadlineRefusal(NOW + POOL_LIMITS.deadlineInMsMin, NOW)).toBeNull();
    expect(deadlineRefusal(NOW + POOL_LIMITS.deadlineInMsMax, NOW)).toBeNull();
    expect(deadlineRefusal(NOW + POOL_LIMITS.deadlineInMsMin - 1, NOW)?.code).toBe('VALIDATION_FAILED');
    expect(deadlineRefusal(NOW + POOL_LIMITS.deadlineInMsMax + 1, NOW)?.details).toEqual({
      field: 'deadline',
    });
    expect(pledgeRefusal(open, NOW, POOL_LIMITS.pledgesMax - 1)).toBeNull();
    expect(pledgeRefusal(open, NOW, POOL_LIMITS.pledgesMax)?.code).toBe('LIMIT_EXCEEDED');
    expect(pledgeRefusal(open, open.deadline, 0)?.details).toMatchObject({ reason: 'deadline_passed' });
    expect(pledgeRefusal({ ...open, status: 'settling' }, NOW, 0)?.details).toMatchObject({
      reason: 'not_open',
    });
    expect(releaseDone([{ status: 'voided', amount: 1 }])).toBe(true);
    expect(
      releaseDone([
        { status: 'voided', amount: 1 },
        { status: 'holding', amount: 2 },
      ]),
    ).toBe(false);
  });
});
