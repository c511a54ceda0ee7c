import {
  AMOUNT_MAX,
  EMISSION_DEFAULT,
  PARAMETER_IDS,
  REWARD_SETTINGS_DEFAULT,
  type Policy,
} from '@ticketonomics/contracts';
import { currentValueOf } from './parameter-values';

const REWARDS = { ...REWARD_SETTINGS_DEFAULT, barredUserIds: [] };
const POLICY: Policy = {
  communityId: 'demo',
  currencyName: 'ticket',
  currencySymbol: '🎟',
  taxBps: 250,
  transferMin: 1,
  transferMax: AMOUNT_MAX,
  dailySendMax: null,
  dailyReceiveMax: 500,
  taxDestination: 'treasury',
  emission: EMISSION_DEFAULT,
  distribution: [{ kind: 'treasury', shareBps: 10_000 }],
  demurrage: null,
  version: 1,
  updatedAt: '2026-12-04T08:00:00.000Z',
};

describe('governed values now, as governance reads them', () => {
  it('reads flat policy fields and reward settings as they are; a grant has none', () => {
    expect(currentValueOf('ledger.taxBps', POLICY, REWARDS)).toBe(250);
    expect(currentValueOf('ledger.dailySendMax', POLICY, REWARDS)).toBeNull();
    expect(currentValueOf('ledger.dailyReceiveMax', POLICY, REWARDS)).toBe(500);
    expect(currentValueOf('rewards.dailyBonus', POLICY, REWARDS)).toBe(REWARD_SETTINGS_DEFAULT.dailyBonus);
    expect(currentValueOf('treasury.grant', POLICY, REWARDS)).toBeNull();
  });

  it('reads emission as what is minted in each mode, 0 for the mode not running', () => {
    const fixed = {
      ...POLICY,
      emission: { ...EMISSION_DEFAULT, mode: 'fixed' as const, amount: 40, supplyCap: 9_000 },
    };
    expect(currentValueOf('emission.fixedAmount', fixed, REWARDS)).toBe(40);
    expect(currentValueOf('emission.rateBps', fixed, REWARDS)).toBe(0);
    expect(currentValueOf('emission.supplyCap', fixed, REWARDS)).toBe(9_000);
    const rate = { ...POLICY, emission: { ...EMISSION_DEFAULT, mode: 'rate' as const, rateBps: 12 } };
    expect(currentValueOf('emission.rateBps', rate, REWARDS)).toBe(12);
    expect(currentValueOf('emission.fixedAmount', rate, REWARDS)).toBe(0);
    expect(currentValueOf('emission.fixedAmount', POLICY, REWARDS)).toBe(0);
  });

  it('reads a distribution share as its rule holds it, 0 without one', () => {
    const shared: Policy = {
      ...POLICY,
      distribution: [
        { kind: 'treasury', shareBps: 7_000 },
        { kind: 'basicIncome', shareBps: 3_000, activeWindowDays: 30 },
      ],
    };
    expect(currentValueOf('distribution.basicIncomeShareBps', shared, REWARDS)).toBe(3_000);
    expect(currentValueOf('distribution.earnedShareBps', shared, REWARDS)).toBe(0);
    for (const id of PARAMETER_IDS) expect(currentValueOf(id, shared, REWARDS)).not.toBeUndefined();
  });
});
