import type { z } from 'zod';
import { firstRejectedField, parseOrThrow } from '../validation';
import { LEDGER_LIMITS, LedgerCommands } from '../ledger/ledger.commands';
import { PoolCommands } from './pools.commands';
import { POOL_LIMITS, poolHoldId, poolPayoutTransferId } from './pools.schemas';
import { TransferIdSchema } from '../primitives';

const commands = Object.entries(PoolCommands);
const C = PoolCommands;
const USER = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7T';

describe('PoolCommands', () => {
  it('uses unique subjects of the form tk.cmd.governance.pool.<verb>', () => {
    const subjects = commands.map(([, spec]) => spec.subject);
    for (const subject of subjects) expect(subject).toMatch(/^tk\.cmd\.governance\.pool\.[a-z]+$/);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it.each(commands)('%s has a summary and an example its request schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.request, spec.example)).not.toThrow();
  });

  it('keeps a pledge hold inside the ledger: deadline plus margin within a hold, pledges within one settle', () => {
    expect(POOL_LIMITS.deadlineInMsMax + POOL_LIMITS.holdMarginMs).toBeLessThanOrEqual(
      LEDGER_LIMITS.pendingTimeoutMsMax,
    );
    expect(POOL_LIMITS.pledgesMax).toBeLessThanOrEqual(LEDGER_LIMITS.settleHoldsMax);
    const longest = 'c'.repeat(64);
    const maxSafe = Number.MAX_SAFE_INTEGER;
    expect(TransferIdSchema.safeParse(poolHoldId(longest, maxSafe, maxSafe)).success).toBe(true);
    expect(TransferIdSchema.safeParse(poolPayoutTransferId(longest, maxSafe)).success).toBe(true);
  });
});

describe('pool request schemas reject bad payloads, naming the field', () => {
  const open = C.poolOpen.example;
  const pledge = C.poolPledge.example;
  const settle = LedgerCommands.transferSettle.example;

  it.each<[string, z.ZodType, unknown, string]>([
    ['an unknown purpose', C.poolOpen.request, { ...open, purpose: 'party' }, 'purpose'],
    ['a prize without a recipient', C.poolOpen.request, { ...open, purpose: 'prize' }, 'recipientId'],
    ['a treasury pool with a recipient', C.poolOpen.request, { ...open, recipientId: USER }, 'recipientId'],
    ['a target of 0', C.poolOpen.request, { ...open, targetAmount: 0 }, 'targetAmount'],
    ['a fractional target', C.poolOpen.request, { ...open, targetAmount: 2.5 }, 'targetAmount'],
    ['a target as a string', C.poolOpen.request, { ...open, targetAmount: '500' }, 'targetAmount'],
    ['a deadline that is no time', C.poolOpen.request, { ...open, deadline: 'friday' }, 'deadline'],
    ['an empty title', C.poolOpen.request, { ...open, title: ' ' }, 'title'],
    ['a long title', C.poolOpen.request, { ...open, title: 'x'.repeat(121) }, 'title'],
    ['an opener who is no user id', C.poolOpen.request, { ...open, openerId: 'alice' }, 'openerId'],
    ['a request id with a /', C.poolOpen.request, { ...open, requestId: 'a/b' }, 'requestId'],
    ['an extra field', C.poolOpen.request, { ...open, escrow: 'x' }, 'escrow'],
    ['a pledge of 0', C.poolPledge.request, { ...pledge, amount: 0 }, 'amount'],
    ['a negative pledge', C.poolPledge.request, { ...pledge, amount: -5 }, 'amount'],
    ['a pledge to pool 0', C.poolPledge.request, { ...pledge, poolId: 0 }, 'poolId'],
    ['a pledge by no user id', C.poolPledge.request, { ...pledge, memberId: 'bob' }, 'memberId'],
    ['a pledge without a request id', C.poolPledge.request, { ...pledge, requestId: '' }, 'requestId'],
    ['a list of an unknown status', C.poolList.request, { communityId: 'demo', status: 'won' }, 'status'],
    ['a get of pool 1.5', C.poolGet.request, { communityId: 'demo', poolId: 1.5 }, 'poolId'],
    [
      'a cancel with asAdmin as a string',
      C.poolCancel.request,
      { ...C.poolCancel.example, asAdmin: 'yes' },
      'asAdmin',
    ],
    [
      'a settle of no hold',
      LedgerCommands.transferSettle.request,
      { ...settle, pendingIds: [] },
      'pendingIds',
    ],
    [
      'a settle naming a hold twice',
      LedgerCommands.transferSettle.request,
      { ...settle, pendingIds: ['h-1', 'h-1'] },
      'pendingIds.1',
    ],
    [
      'a settle of too many holds',
      LedgerCommands.transferSettle.request,
      {
        ...settle,
        pendingIds: Array.from({ length: LEDGER_LIMITS.settleHoldsMax + 1 }, (_, i) => `h-${i}`),
      },
      'pendingIds',
    ],
    [
      'a settle without its community',
      LedgerCommands.transferSettle.request,
      { pendingIds: ['h-1'] },
      'communityId',
    ],
  ])('rejects %s', (_name, schema, payload, field) => {
    expect(firstRejectedField(schema, payload)).toBe(field);
  });
});
