import {
  DISTRIBUTION_DEFAULT,
  DistributionSchema,
  EMISSION_DEFAULT,
  EmissionSettingSchema,
  GOVERNED_RULE_DEFAULTS,
  type DistributionRule,
  type Emission,
  type Policy,
} from '@ticketonomics/contracts';
import { ledgerChange, ledgerRefusal } from './ledger-parameters.rules';

const policy = (over: Partial<Policy> = {}): Policy => ({
  communityId: 'demo',
  currencyName: 'Ticket',
  currencySymbol: 'T',
  taxBps: 200,
  transferMin: 1,
  transferMax: 1_000_000,
  dailySendMax: null,
  dailyReceiveMax: null,
  taxDestination: 'treasury',
  emission: EMISSION_DEFAULT,
  distribution: DISTRIBUTION_DEFAULT,
  demurrage: null,
  version: 3,
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...over,
});

const fixed: Emission = {
  mode: 'fixed',
  amount: 1_000,
  rateBps: 0,
  period: 'week',
  supplyCap: 5_000_000,
  startAt: '2026-11-30T00:00:00.000Z',
};
const rate: Emission = { ...fixed, mode: 'rate', amount: null, rateBps: 20 };

const shares = (...rules: DistributionRule[]) => policy({ distribution: rules });

describe('ledgerChange: emission', () => {
  it('turns a fixed emission on from none, keeping period and cap, and leaves the start to the ledger', () => {
    const from = policy({ emission: { ...EMISSION_DEFAULT, period: 'hour', supplyCap: 9_000 } });
    const change = ledgerChange(from, 'emission.fixedAmount', 500);
    expect(change).toEqual({
      emission: { mode: 'fixed', amount: 500, rateBps: 0, period: 'hour', supplyCap: 9_000 },
    });
    expect(EmissionSettingSchema.safeParse(change.emission).success).toBe(true);
  });

  it('changes the amount or rate of a running emission, and stops it at 0, keeping period and cap', () => {
    expect(ledgerChange(policy({ emission: fixed }), 'emission.fixedAmount', 1_200)).toEqual({
      emission: { mode: 'fixed', amount: 1_200, rateBps: 0, period: 'week', supplyCap: 5_000_000 },
    });
    expect(ledgerChange(policy({ emission: rate }), 'emission.rateBps', 0)).toEqual({
      emission: { mode: 'none', amount: null, rateBps: 0, period: 'week', supplyCap: 5_000_000 },
    });
    const on = ledgerChange(policy(), 'emission.rateBps', 30);
    expect(on.emission).toMatchObject({ mode: 'rate', amount: null, rateBps: 30 });
    expect(EmissionSettingSchema.safeParse(on.emission).success).toBe(true);
  });

  it('changes the cap alone, whatever the mode', () => {
    expect(ledgerChange(policy({ emission: fixed }), 'emission.supplyCap', 6_000_000).emission).toEqual({
      mode: 'fixed',
      amount: 1_000,
      rateBps: 0,
      period: 'week',
      supplyCap: 6_000_000,
    });
    expect(ledgerChange(policy(), 'emission.supplyCap', 100).emission).toMatchObject({
      mode: 'none',
      supplyCap: 100,
    });
  });

  it('refuses the fixed amount while the rate runs, and the rate while the fixed amount runs, as CONFLICT', () => {
    for (const [emission, parameter] of [
      [rate, 'emission.fixedAmount'],
      [fixed, 'emission.rateBps'],
    ] as const) {
      expect(ledgerRefusal(policy({ emission }), parameter, 10)).toMatchObject({
        code: 'CONFLICT',
        details: { reason: 'emission_mode' },
      });
      expect(() => ledgerChange(policy({ emission }), parameter, 0)).toThrow(
        expect.objectContaining({ code: 'CONFLICT' }),
      );
    }
    expect(ledgerRefusal(policy(), 'emission.fixedAmount', 10)).toBeNull();
  });

  it('gives the same change for the same policy and value (safe to send again)', () => {
    const from = policy({ emission: fixed });
    expect(ledgerChange(from, 'emission.fixedAmount', 900)).toEqual(
      ledgerChange(from, 'emission.fixedAmount', 900),
    );
  });
});

describe('ledgerChange: distribution shares, the treasury absorbing the difference', () => {
  const valid = (rules: DistributionRule[] | undefined) => DistributionSchema.safeParse(rules).success;

  it("adds a new rule with the documented defaults, taken from the treasury's share", () => {
    const { distribution } = ledgerChange(policy(), 'distribution.basicIncomeShareBps', 1_000);
    expect(distribution).toEqual([
      { kind: 'treasury', shareBps: 9_000 },
      {
        kind: 'basicIncome',
        shareBps: 1_000,
        activeWindowDays: GOVERNED_RULE_DEFAULTS.basicIncomeActiveWindowDays,
      },
    ]);
    expect(valid(distribution)).toBe(true);
    expect(ledgerChange(policy(), 'distribution.interestShareBps', 500).distribution).toContainEqual({
      kind: 'interest',
      shareBps: 500,
      balanceCap: GOVERNED_RULE_DEFAULTS.interestBalanceCap,
    });
  });

  it("keeps a rule's other fields and the other rules, and gives back to the treasury when lowered", () => {
    const from = shares(
      { kind: 'roles', shareBps: 2_000, member: 1, admin: 2, owner: 3 },
      { kind: 'interest', shareBps: 3_000, balanceCap: 777 },
      { kind: 'treasury', shareBps: 5_000 },
    );
    const { distribution } = ledgerChange(from, 'distribution.interestShareBps', 2_500);
    expect(distribution).toEqual([
      { kind: 'roles', shareBps: 2_000, member: 1, admin: 2, owner: 3 },
      { kind: 'interest', shareBps: 2_500, balanceCap: 777 },
      { kind: 'treasury', shareBps: 5_500 },
    ]);
    expect(valid(distribution)).toBe(true);
  });

  it('removes a rule lowered to 0, and adds a treasury rule when there was none', () => {
    const from = shares(
      { kind: 'earned', shareBps: 4_000 },
      { kind: 'basicIncome', shareBps: 6_000, activeWindowDays: 7 },
    );
    const { distribution } = ledgerChange(from, 'distribution.earnedShareBps', 0);
    expect(distribution).toEqual([
      { kind: 'basicIncome', shareBps: 6_000, activeWindowDays: 7 },
      { kind: 'treasury', shareBps: 4_000 },
    ]);
    expect(valid(distribution)).toBe(true);
  });

  it("removes the treasury's rule when a share takes all of it", () => {
    const from = shares({ kind: 'treasury', shareBps: 1_000 }, { kind: 'earned', shareBps: 9_000 });
    const { distribution } = ledgerChange(from, 'distribution.earnedShareBps', 10_000);
    expect(distribution).toEqual([{ kind: 'earned', shareBps: 10_000 }]);
    expect(valid(distribution)).toBe(true);
  });

  it("refuses more than the treasury's share can give as LIMIT_EXCEEDED, naming the most it can", () => {
    const from = shares(
      { kind: 'treasury', shareBps: 500 },
      { kind: 'basicIncome', shareBps: 9_500, activeWindowDays: 7 },
    );
    expect(ledgerRefusal(from, 'distribution.earnedShareBps', 501)).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { field: 'value', limit: 500, min: 0, max: 500 },
    });
    expect(ledgerRefusal(from, 'distribution.earnedShareBps', 500)).toBeNull();
    expect(ledgerRefusal(from, 'distribution.basicIncomeShareBps', 10_000)).toBeNull();
    expect(() => ledgerChange(from, 'distribution.basicIncomeShareBps', 10_001)).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED' }),
    );
  });

  it('refuses a share the distribution states twice, and a rule past the most rules, as CONFLICT', () => {
    const twice = shares(
      { kind: 'interest', shareBps: 1_000, balanceCap: 10 },
      { kind: 'interest', shareBps: 1_000, balanceCap: 100 },
      { kind: 'treasury', shareBps: 8_000 },
    );
    expect(ledgerRefusal(twice, 'distribution.interestShareBps', 2_500)).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'distribution_ambiguous' },
    });
    const roles = (n: number): DistributionRule => ({
      kind: 'roles',
      shareBps: 1_000,
      member: n,
      admin: 1,
      owner: 1,
    });
    const full = shares(...[1, 2, 3, 4, 5, 6, 7].map(roles), { kind: 'treasury', shareBps: 3_000 });
    expect(ledgerRefusal(full, 'distribution.earnedShareBps', 100)).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'distribution_full' },
    });
    // Taking all of the treasury's share leaves room: its rule goes.
    expect(ledgerRefusal(full, 'distribution.earnedShareBps', 3_000)).toBeNull();
  });
});

describe('ledgerChange: flat fields', () => {
  it('sets the field alone', () => {
    expect(ledgerChange(policy(), 'ledger.taxBps', 300)).toEqual({ taxBps: 300 });
    expect(ledgerChange(policy(), 'ledger.dailyReceiveMax', 50)).toEqual({ dailyReceiveMax: 50 });
  });
});
