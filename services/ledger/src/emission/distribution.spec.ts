import { AMOUNT_MAX, type DistributionRule } from '@ticketonomics/contracts';
import fc from 'fast-check';
import { planDistribution, splitByWeights, type Recipient } from './distribution';

const recipient = (accountId: string, over: Partial<Recipient> = {}): Recipient => ({
  accountId,
  role: 'member',
  activeInWindow: () => true,
  earned: 0,
  balance: 0,
  ...over,
});

describe('splitByWeights (largest remainder)', () => {
  it('sums to the amount exactly, never negative, and gives the same split every time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: AMOUNT_MAX }),
        fc.array(fc.integer({ min: 0, max: AMOUNT_MAX }), { minLength: 1, maxLength: 50 }),
        (amount, weights) => {
          const parts = splitByWeights(amount, weights);
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          expect(parts).toHaveLength(weights.length);
          expect(parts.every((part) => Number.isSafeInteger(part) && part >= 0)).toBe(true);
          expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total === 0 ? 0 : amount);
          expect(splitByWeights(amount, weights)).toEqual(parts);
          // No part is more than one unit away from its exact share.
          if (total > 0) {
            weights.forEach((weight, i) => {
              const exact = (BigInt(amount) * BigInt(weight)) / BigInt(total);
              expect(BigInt(parts[i]!) - exact).toBeGreaterThanOrEqual(0n);
              expect(BigInt(parts[i]!) - exact).toBeLessThanOrEqual(1n);
            });
          }
        },
      ),
    );
  });

  it('gives leftover units to the largest remainders, ties to the earlier', () => {
    expect(splitByWeights(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(splitByWeights(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(splitByWeights(100, [1, 2])).toEqual([33, 67]);
    expect(splitByWeights(7, [0, 0])).toEqual([0, 0]);
  });
});

describe('planDistribution', () => {
  const arbRule: fc.Arbitrary<Omit<DistributionRule, 'shareBps'>> = fc.oneof(
    fc.constant({ kind: 'treasury' as const }),
    fc.integer({ min: 1, max: 30 }).map((days) => ({ kind: 'basicIncome' as const, activeWindowDays: days })),
    fc.constant({ kind: 'earned' as const }),
    fc
      .tuple(fc.nat(5), fc.nat(5), fc.nat(5))
      .map(([member, admin, owner]) => ({ kind: 'roles' as const, member, admin, owner })),
    fc.integer({ min: 1, max: 1_000_000 }).map((balanceCap) => ({ kind: 'interest' as const, balanceCap })),
  );
  const arbRules = fc
    .array(fc.tuple(arbRule, fc.integer({ min: 1, max: 100 })), { minLength: 1, maxLength: 8 })
    .map((entries) => {
      const weights = splitByWeights(
        10_000,
        entries.map(([, weight]) => weight),
      );
      return entries.map(([rule], i) => ({ ...rule, shareBps: weights[i]! }) as DistributionRule);
    });
  const arbRecipients = fc
    .array(
      fc.record({
        role: fc.constantFrom('member' as const, 'admin' as const, 'owner' as const),
        active: fc.boolean(),
        earned: fc.nat(1_000_000),
        balance: fc.nat(10_000_000),
      }),
      { maxLength: 40 },
    )
    .map((members) =>
      members.map((m, i) =>
        recipient(`user:c:${String(i).padStart(3, '0')}`, { ...m, activeInWindow: () => m.active }),
      ),
    );

  it('mints exactly the emission: the treasury part and the members parts sum to it, none negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: AMOUNT_MAX }),
        arbRules,
        arbRecipients,
        (amount, rules, people) => {
          const plan = planDistribution(amount, rules, people);
          const members = plan.toMembers.reduce((sum, entry) => sum + entry.amount, 0);
          expect(plan.toTreasury + members).toBe(amount);
          expect(plan.toTreasury).toBeGreaterThanOrEqual(0);
          expect(plan.toMembers.every((entry) => entry.amount > 0)).toBe(true);
          expect(planDistribution(amount, rules, people)).toEqual(plan);
        },
      ),
    );
  });

  it('gives a share nobody can take to the treasury', () => {
    const rules: DistributionRule[] = [
      { kind: 'basicIncome', shareBps: 5_000, activeWindowDays: 7 },
      { kind: 'earned', shareBps: 5_000 },
    ];
    expect(planDistribution(100, rules, [])).toEqual({ toTreasury: 100, toMembers: [] });
    const idle = [recipient('user:c:a', { activeInWindow: () => false, earned: 0 })];
    expect(planDistribution(100, rules, idle)).toEqual({ toTreasury: 100, toMembers: [] });
  });

  it('weighs each rule its way: equal, by earnings, by role, by capped balance', () => {
    const a = recipient('user:c:a', { role: 'owner', earned: 3, balance: 50 });
    const b = recipient('user:c:b', {
      role: 'member',
      earned: 1,
      balance: 5_000,
      activeInWindow: () => false,
    });
    expect(
      planDistribution(90, [{ kind: 'basicIncome', shareBps: 10_000, activeWindowDays: 1 }], [a, b])
        .toMembers,
    ).toEqual([{ accountId: 'user:c:a', amount: 90 }]);
    expect(planDistribution(100, [{ kind: 'earned', shareBps: 10_000 }], [a, b]).toMembers).toEqual([
      { accountId: 'user:c:a', amount: 75 },
      { accountId: 'user:c:b', amount: 25 },
    ]);
    const roles: DistributionRule = { kind: 'roles', shareBps: 10_000, member: 1, admin: 2, owner: 4 };
    expect(planDistribution(50, [roles], [a, b]).toMembers).toEqual([
      { accountId: 'user:c:a', amount: 40 },
      { accountId: 'user:c:b', amount: 10 },
    ]);
    const interest: DistributionRule = { kind: 'interest', shareBps: 10_000, balanceCap: 150 };
    expect(planDistribution(200, [interest], [a, b]).toMembers).toEqual([
      { accountId: 'user:c:a', amount: 50 },
      { accountId: 'user:c:b', amount: 150 },
    ]);
  });
});
