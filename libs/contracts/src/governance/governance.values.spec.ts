import { REWARD_SETTINGS_DEFAULT } from '../accounts/accounts.schemas';
import { EMISSION_DEFAULT } from '../ledger/ledger.economy';
import type { Policy } from '../ledger/ledger.schemas';
import { AMOUNT_MAX } from '../primitives';
import { PARAMETER_IDS } from './governance.parameters';
import { governedValueOf, ledgerParameterValue } from './governance.values';

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
    expect(governedValueOf('ledger.taxBps', POLICY, REWARDS)).toBe(250);
    expect(governedValueOf('ledger.dailySendMax', POLICY, REWARDS)).toBeNull();
    expect(governedValueOf('ledger.dailyReceiveMax', POLICY, REWARDS)).toBe(500);
    expect(governedValueOf('rewards.dailyBonus', POLICY, REWARDS)).toBe(REWARD_SETTINGS_DEFAULT.dailyBonus);
    expect(governedValueOf('treasury.grant', POLICY, REWARDS)).toBeNull();
  });

  it('reads emission as what is minted in each mode, 0 for the mode not running', () => {
    const fixed = {
      ...POLICY,
      emission: { ...EMISSION_DEFAULT, mode: 'fixed' as const, amount: 40, supplyCap: 9_000 },
    };
    expect(governedValueOf('emission.fixedAmount', fixed, REWARDS)).toBe(40);
    expect(governedValueOf('emission.rateBps', fixed, REWARDS)).toBe(0);
    expect(governedValueOf('emission.supplyCap', fixed, REWARDS)).toBe(9_000);
    const rate = { ...POLICY, emission: { ...EMISSION_DEFAULT, mode: 'rate' as const, rateBps: 12 } };
    expect(governedValueOf('emission.rateBps', rate, REWARDS)).toBe(12);
    expect(governedValueOf('emission.fixedAmount', rate, REWARDS)).toBe(0);
    expect(governedValueOf('emission.fixedAmount', POLICY, REWARDS)).toBe(0);
  });

  it('reads a distribution share as its rule holds it, 0 without one', () => {
    const shared: Policy = {
      ...POLICY,
      distribution: [
        { kind: 'treasury', shareBps: 7_000 },
        { kind: 'basicIncome', shareBps: 3_000, activeWindowDays: 30 },
      ],
    };
    expect(governedValueOf('distribution.basicIncomeShareBps', shared, REWARDS)).toBe(3_000);
    expect(governedValueOf('distribution.earnedShareBps', shared, REWARDS)).toBe(0);
    for (const id of PARAMETER_IDS) expect(governedValueOf(id, shared, REWARDS)).not.toBeUndefined();
  });
});

describe('ledgerParameterValue', () => {
  it('reads the supply cap as set, none as null', () => {
    expect(ledgerParameterValue(POLICY, 'emission.supplyCap')).toBeNull();
    const capped = { ...POLICY, emission: { ...EMISSION_DEFAULT, supplyCap: 5_000_000 } };
    expect(ledgerParameterValue(capped, 'emission.supplyCap')).toBe(5_000_000);
  });

  it('sums the shares of a kind an admin set twice, as a proposal reads them', () => {
    const twice: Policy = {
      ...POLICY,
      distribution: [
        { kind: 'treasury', shareBps: 6_000 },
        { kind: 'earned', shareBps: 1_500 },
        { kind: 'earned', shareBps: 2_500 },
      ],
    };
    expect(ledgerParameterValue(twice, 'distribution.earnedShareBps')).toBe(4_000);
  });
});
