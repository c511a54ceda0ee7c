import fc from 'fast-check';
import type { TransferCode } from '../ledger/ledger.schemas';
import {
  activeAccounts,
  earnedAmount,
  gini,
  hourlySeriesWithGaps,
  movesMoney,
  rankHolders,
  velocity,
  velocityAmount,
  volumeByHour,
  windowFigures,
} from './economy.figures';

const balance = fc.integer({ min: 0, max: 1_000_000_000 });

describe('gini', () => {
  it('is 0 with no one, one member, or equal balances', () => {
    expect(gini([])).toBe(0);
    expect(gini([500])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    fc.assert(
      fc.property(balance, fc.integer({ min: 1, max: 200 }), (x, n) => {
        expect(gini(Array.from({ length: n }, () => x))).toBe(0);
      }),
    );
  });

  it('matches worked examples', () => {
    expect(gini([0, 10])).toBe(0.5);
    expect(gini([0, 0, 0, 100])).toBe(0.75);
    expect(gini([1, 2, 3])).toBe(0.222222);
    expect(gini([10, 20, 30, 40, 100])).toBe(0.4);
  });

  it('lies in [0, 1), does not depend on order or scale', () => {
    fc.assert(
      fc.property(fc.array(balance, { maxLength: 100 }), fc.integer({ min: 1, max: 1000 }), (xs, k) => {
        const g = gini(xs);
        expect(g).toBeGreaterThanOrEqual(0);
        expect(g).toBeLessThan(1);
        expect(gini([...xs].reverse())).toBe(g);
        expect(gini(xs.map((x) => x * k))).toBeCloseTo(g, 5);
      }),
    );
  });

  it('is (n - 1) / n when one member holds everything', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.integer({ min: 1, max: 10 ** 9 }), (n, all) => {
        const xs = Array.from({ length: n }, (_, i) => (i === 0 ? all : 0));
        expect(gini(xs)).toBeCloseTo((n - 1) / n, 5);
      }),
    );
  });

  it('refuses a negative balance, which no user account has', () => {
    expect(() => gini([-1, 3])).toThrow(RangeError);
  });
});

describe('velocity and what counts as money moving', () => {
  it('counts posted rows and settled holds as transfers, not holds or voids', () => {
    expect(movesMoney({ kind: 'posted' })).toBe(true);
    expect(movesMoney({ kind: 'post_pending' })).toBe(true);
    expect(movesMoney({ kind: 'pending' })).toBe(false);
    expect(movesMoney({ kind: 'void_pending' })).toBe(false);
  });

  it.each<[TransferCode, 'user' | 'escrow', number]>([
    ['payment', 'user', 40],
    ['tax', 'user', 40],
    ['purchase', 'user', 40],
    ['sale', 'escrow', 0],
    ['royalty', 'escrow', 0],
    ['mint', 'user', 0],
    ['burn', 'user', 0],
    ['reversal', 'user', 0],
  ])('velocity counts %s from a %s account as %i', (code, debitKind, expected) => {
    expect(velocityAmount({ code, amount: 40 }, debitKind)).toBe(expected);
  });

  it('divides by circulating, 0 when nothing circulates', () => {
    expect(velocity(150, 600)).toBe(0.25);
    expect(velocity(100, 300)).toBe(0.333333);
    expect(velocity(100, 0)).toBe(0);
    expect(velocity(0, 500)).toBe(0);
    fc.assert(
      fc.property(balance, fc.integer({ min: 1, max: 10 ** 9 }), (volume, circulating) => {
        expect(velocity(volume, circulating)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('activity and earnings', () => {
  const alice = { id: 'user:c:alice', kind: 'user' as const };
  const bob = { id: 'user:c:bob', kind: 'user' as const };
  const issuance = { id: 'issuance:c', kind: 'issuance' as const };
  const treasury = { id: 'treasury:c', kind: 'treasury' as const };
  const escrow = { id: 'escrow:c:market', kind: 'escrow' as const };

  it('makes both members of a payment active, not the system accounts', () => {
    expect(activeAccounts({ code: 'payment' }, alice, bob)).toEqual([alice.id, bob.id]);
    expect(activeAccounts({ code: 'mint' }, issuance, alice)).toEqual([alice.id]);
    expect(activeAccounts({ code: 'tax' }, alice, treasury)).toEqual([alice.id]);
    expect(activeAccounts({ code: 'purchase' }, alice, escrow)).toEqual([alice.id]);
    expect(activeAccounts({ code: 'sale' }, escrow, bob)).toEqual([bob.id]);
  });

  it.each<TransferCode>(['fine', 'burn', 'reversal'])('a %s makes no one active', (code) => {
    expect(activeAccounts({ code }, alice, bob)).toEqual([]);
  });

  it.each<[TransferCode, number]>([
    ['reward', 5],
    ['bonus', 5],
    ['mint', 5],
    ['sale', 5],
    ['royalty', 5],
    ['trade', 5],
    ['payment', 0],
    ['refund', 0],
    ['reversal', 0],
  ])('a %s credited to a member earns %i of 5', (code, expected) => {
    expect(earnedAmount({ code, amount: 5 }, bob)).toBe(expected);
    expect(earnedAmount({ code, amount: 5 }, treasury)).toBe(0);
  });
});

describe('rankHolders', () => {
  it('ranks by balance, ties by account id, leaving out empty accounts', () => {
    const board = rankHolders(
      [
        { id: 'user:c:b', balance: 50 },
        { id: 'user:c:z', balance: 0 },
        { id: 'user:c:a', balance: 50 },
        { id: 'user:c:c', balance: 70 },
      ],
      3,
    );
    expect(board.map(({ rank, account }) => [rank, account.id])).toEqual([
      [1, 'user:c:c'],
      [2, 'user:c:a'],
      [3, 'user:c:b'],
    ]);
  });

  it('never lists more than the limit, and never a balance above one ranked before it', () => {
    const account = fc.record({ id: fc.stringMatching(/^user:c:[a-z]{1,4}$/), balance });
    fc.assert(
      fc.property(fc.uniqueArray(account, { selector: (a) => a.id }), fc.nat(20), (accounts, limit) => {
        const board = rankHolders(accounts, limit);
        expect(board.length).toBeLessThanOrEqual(limit);
        board.forEach(({ rank, account: a }, i) => {
          expect(rank).toBe(i + 1);
          expect(a.balance).toBeGreaterThan(0);
          if (i > 0) expect(a.balance).toBeLessThanOrEqual(board[i - 1]!.account.balance);
        });
      }),
    );
  });
});

describe('figures of a window from ledger rows', () => {
  const row = (over: Record<string, unknown>) =>
    ({
      kind: 'posted',
      code: 'payment',
      amount: 10,
      debitAccountId: 'user:c:a',
      creditAccountId: 'user:c:b',
      createdAt: '2026-01-01T10:30:00.000Z',
      ...over,
    }) as never;
  const endMs = Date.parse('2026-01-01T11:10:00.000Z');

  it('counts volume, velocity and active members as analytics does, skipping holds and rows outside the window', () => {
    const figures = windowFigures(
      [
        row({}),
        row({ kind: 'pending', amount: 99 }),
        row({ code: 'mint', debitAccountId: 'issuance:c', creditAccountId: 'user:c:c', amount: 100 }),
        row({ code: 'fine', debitAccountId: 'user:c:d', creditAccountId: 'treasury:c', amount: 5 }),
        row({ code: 'sale', debitAccountId: 'escrow:c:x', creditAccountId: 'user:c:e', amount: 20 }),
        row({ createdAt: '2025-12-31T10:59:59.999Z', amount: 1000 }),
      ],
      100,
      { endMs, hours: 24 },
    );
    expect(figures).toEqual({ transfers: 4, volume: 135, velocity: 0.15, activeMembers: 4 });
  });

  it('puts rows in hourly buckets, empty hours included', () => {
    const points = volumeByHour(
      [
        row({}),
        row({ createdAt: '2026-01-01T11:00:00.000Z', amount: 5 }),
        row({ kind: 'void_pending', createdAt: '2026-01-01T11:00:00.000Z', amount: 7 }),
        row({ createdAt: '2025-12-31T00:00:00Z' }),
      ],
      { endMs, hours: 3 },
    );
    expect(points).toEqual([
      { start: '2026-01-01T09:00:00.000Z', volume: 0, transfers: 0 },
      { start: '2026-01-01T10:00:00.000Z', volume: 10, transfers: 1 },
      { start: '2026-01-01T11:00:00.000Z', volume: 5, transfers: 1 },
    ]);
  });

  it('puts back the hours an analytics series leaves out', () => {
    expect(
      hourlySeriesWithGaps([{ start: '2026-01-01T10:00:00.000Z', value: 7 }], { endMs, hours: 2 }),
    ).toEqual([
      { start: '2026-01-01T10:00:00.000Z', value: 7 },
      { start: '2026-01-01T11:00:00.000Z', value: 0 },
    ]);
  });
});
