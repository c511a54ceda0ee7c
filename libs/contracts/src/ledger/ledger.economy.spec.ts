import { firstRejectedField, parseOrThrow } from '../validation';
import { LedgerCommands } from './ledger.commands';
import { DISTRIBUTION_DEFAULT, ECONOMY_LIMITS, EMISSION_DEFAULT } from './ledger.economy';
import { PolicySchema } from './ledger.schemas';

const schema = LedgerCommands.policySet.request;
const base = { communityId: 'demo' };
const rejected = (change: Record<string, unknown>) => firstRejectedField(schema, { ...base, ...change });

describe('policy.set emission, distribution and sinks', () => {
  it('takes every new field as optional, so older callers are unchanged', () => {
    expect(rejected({ taxBps: 100 })).toBeNull();
    expect(parseOrThrow(schema, base)).toEqual(base);
  });

  it('fills an emission setting in with defaults', () => {
    expect(parseOrThrow(schema, { ...base, emission: { mode: 'fixed', amount: 10 } }).emission).toEqual({
      mode: 'fixed',
      amount: 10,
      rateBps: 0,
      period: 'day',
      supplyCap: null,
    });
  });

  it.each([
    ['fixed without an amount', { emission: { mode: 'fixed' } }, 'emission.amount'],
    ['fixed with a rate', { emission: { mode: 'fixed', amount: 5, rateBps: 3 } }, 'emission.rateBps'],
    ['rate without a rate', { emission: { mode: 'rate' } }, 'emission.rateBps'],
    [
      'rate above the bound',
      { emission: { mode: 'rate', rateBps: ECONOMY_LIMITS.emissionRateBpsMax + 1 } },
      'emission.rateBps',
    ],
    ['an unknown mode', { emission: { mode: 'sometimes' } }, 'emission.mode'],
    ['an unknown period', { emission: { mode: 'fixed', amount: 1, period: 'month' } }, 'emission.period'],
    ['a zero amount', { emission: { mode: 'fixed', amount: 0 } }, 'emission.amount'],
    ['a fractional cap', { emission: { mode: 'fixed', amount: 1, supplyCap: 1.5 } }, 'emission.supplyCap'],
    [
      'a start that is no time',
      { emission: { mode: 'fixed', amount: 1, startAt: 'soon' } },
      'emission.startAt',
    ],
    ['none with an amount', { emission: { mode: 'none', amount: 3 } }, 'emission.amount'],
    [
      'shares not summing to 10000',
      { distribution: [{ kind: 'treasury', shareBps: 9_999 }] },
      'distribution',
    ],
    ['no rules', { distribution: [] }, 'distribution'],
    ['an unknown rule', { distribution: [{ kind: 'lottery', shareBps: 10_000 }] }, 'distribution.0.kind'],
    [
      'a basic income without its window',
      { distribution: [{ kind: 'basicIncome', shareBps: 10_000 }] },
      'distribution.0.activeWindowDays',
    ],
    [
      'a window past a year',
      { distribution: [{ kind: 'basicIncome', shareBps: 10_000, activeWindowDays: 366 }] },
      'distribution.0.activeWindowDays',
    ],
    [
      'a negative role weight',
      { distribution: [{ kind: 'roles', shareBps: 10_000, member: -1, admin: 1, owner: 1 }] },
      'distribution.0.member',
    ],
    [
      'interest without a cap',
      { distribution: [{ kind: 'interest', shareBps: 10_000 }] },
      'distribution.0.balanceCap',
    ],
    [
      'a holding fee of 0',
      { demurrage: { thresholdAmount: 10, rateBps: 0, destination: 'burn' } },
      'demurrage.rateBps',
    ],
    [
      'a holding fee above the bound',
      { demurrage: { thresholdAmount: 10, rateBps: 1_001, destination: 'burn' } },
      'demurrage.rateBps',
    ],
    [
      'a negative threshold',
      { demurrage: { thresholdAmount: -1, rateBps: 5, destination: 'burn' } },
      'demurrage.thresholdAmount',
    ],
    [
      'an unknown fee destination',
      { demurrage: { thresholdAmount: 1, rateBps: 5, destination: 'charity' } },
      'demurrage.destination',
    ],
    ['an unknown tax destination', { taxDestination: 'charity' }, 'taxDestination'],
  ])('refuses %s, naming the field', (_name, change, field) => {
    expect(rejected(change)).toBe(field);
  });

  it('accepts every rule kind together, and null to turn the holding fee off', () => {
    expect(
      rejected({
        distribution: [
          { kind: 'treasury', shareBps: 1_000 },
          { kind: 'basicIncome', shareBps: 2_000, activeWindowDays: 7 },
          { kind: 'earned', shareBps: 3_000 },
          { kind: 'roles', shareBps: 2_000, member: 1, admin: 2, owner: 3 },
          { kind: 'interest', shareBps: 2_000, balanceCap: 1_000 },
        ],
        demurrage: null,
      }),
    ).toBeNull();
  });

  it('states the defaults (no emission, all to the treasury) in the policy response', () => {
    expect(EMISSION_DEFAULT.mode).toBe('none');
    expect(DISTRIBUTION_DEFAULT).toEqual([{ kind: 'treasury', shareBps: 10_000 }]);
    expect(() =>
      parseOrThrow(PolicySchema, {
        communityId: 'demo',
        currencyName: 'Ticket',
        currencySymbol: 'T',
        taxBps: 0,
        transferMin: 1,
        transferMax: 10,
        dailySendMax: null,
        dailyReceiveMax: null,
        taxDestination: 'treasury',
        emission: EMISSION_DEFAULT,
        distribution: DISTRIBUTION_DEFAULT,
        demurrage: null,
        version: 0,
        updatedAt: '2026-01-01T00:00:00.000Z',
      }),
    ).not.toThrow();
  });
});

describe('treasury.grant request', () => {
  const grant = LedgerCommands.treasuryGrant;
  it.each([
    ['no approval', { approvedBy: undefined }, 'approvedBy'],
    ['an approval of both kinds', { approvedBy: { userId: 'a', proposalId: 'p' } }, 'approvedBy'],
    ['an unknown kind', { kind: 'gift' }, 'kind'],
    ['a zero amount', { amount: 0 }, 'amount'],
    ['a client id with a slash', { id: 'a/b' }, 'id'],
  ])('refuses %s', (_name, change, field) => {
    expect(firstRejectedField(grant.request, { ...grant.example, ...change })).toBe(field);
  });
});
