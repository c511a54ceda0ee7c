import { fillBuckets, giniOf, parseAccountId, volumeBuckets, windowFigures } from './ledger.figures';

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

describe('ledger figures (the fallback when analytics does not answer)', () => {
  it('reads account ids', () => {
    expect(parseAccountId('user:c:01ABC')).toEqual({ kind: 'user', ownerId: '01ABC' });
    expect(parseAccountId('treasury:c')).toEqual({ kind: 'treasury', ownerId: null });
  });

  it('computes Gini as analytics defines it', () => {
    expect(giniOf([])).toBe(0);
    expect(giniOf([5])).toBe(0);
    expect(giniOf([10, 10, 10])).toBe(0);
    expect(giniOf([0, 0, 0, 100])).toBe(0.75);
  });

  it('counts volume, velocity and active members of a window, skipping holds, mints in velocity and fines in activity', () => {
    const figures = windowFigures(
      [
        row({}),
        row({ kind: 'pending', amount: 99 }),
        row({ code: 'mint', debitAccountId: 'issuance:c', creditAccountId: 'user:c:c', amount: 100 }),
        row({ code: 'fine', debitAccountId: 'user:c:d', creditAccountId: 'treasury:c', amount: 5 }),
        row({ code: 'sale', debitAccountId: 'escrow:c:x', creditAccountId: 'user:c:e', amount: 20 }),
      ],
      100,
    );
    expect(figures).toEqual({ transfers: 4, volume: 135, velocity: 0.15, activeMembers: 4 });
  });

  it('puts transfers in hourly buckets, empty hours included', () => {
    const end = Date.parse('2026-01-01T11:10:00.000Z');
    const points = volumeBuckets(
      [
        row({}),
        row({ createdAt: '2026-01-01T11:00:00.000Z', amount: 5 }),
        row({ createdAt: '2025-12-31T00:00:00Z' }),
      ],
      end,
      3_600_000,
      3,
    );
    expect(points).toEqual([
      { start: '2026-01-01T09:00:00.000Z', volume: 0, transfers: 0 },
      { start: '2026-01-01T10:00:00.000Z', volume: 10, transfers: 1 },
      { start: '2026-01-01T11:00:00.000Z', volume: 5, transfers: 1 },
    ]);
    expect(fillBuckets([{ start: '2026-01-01T10:00:00.000Z', value: 7 }], end, 3_600_000, 2)).toEqual([
      { start: '2026-01-01T10:00:00.000Z', value: 7 },
      { start: '2026-01-01T11:00:00.000Z', value: 0 },
    ]);
  });
});
