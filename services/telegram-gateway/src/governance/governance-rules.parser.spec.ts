import { UserFacingError } from '../errors/user-facing.error';
import { parseRulesArgs, RULE_NAMES } from './governance-rules.parser';

function refusal(args: string): { key: string; params: unknown } {
  try {
    parseRulesArgs(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    const { key, params } = error as UserFacingError;
    return { key, params };
  }
  throw new Error(`accepted ${args}`);
}

describe('/governance rules', () => {
  it('shows the rules without arguments', () => {
    expect(parseRulesArgs('  ')).toEqual({ kind: 'show' });
  });

  it('reads periods with their unit, percentages into basis points, counts, and activityDays off', () => {
    expect(parseRulesArgs('votingPeriod 2s')).toEqual({
      kind: 'set',
      rule: 'votingPeriod',
      patch: { votingPeriodMs: 2_000 },
    });
    expect(parseRulesArgs('TIMELOCK 0')).toMatchObject({ patch: { timelockMs: 0 } });
    expect(parseRulesArgs('proposalCooldown 12h')).toMatchObject({
      patch: { proposalCooldownMs: 43_200_000 },
    });
    expect(parseRulesArgs('quorum 25%')).toMatchObject({ patch: { quorumBps: 2_500 } });
    expect(parseRulesArgs('threshold 50.01%')).toMatchObject({ patch: { thresholdBps: 5_001 } });
    expect(parseRulesArgs('raiseThreshold 66,7')).toMatchObject({ patch: { raiseThresholdBps: 6_670 } });
    expect(parseRulesArgs('membershipDays 0')).toMatchObject({ patch: { membershipDaysMin: 0 } });
    expect(parseRulesArgs('activityDays off')).toMatchObject({ patch: { activityDays: null } });
    expect(parseRulesArgs('openProposalsMax 3')).toMatchObject({ patch: { openProposalsMax: 3 } });
  });

  it.each([
    ['quorum', 'govRulesUsage', undefined],
    ['quorum 25% now', 'govRulesUsage', undefined],
    ['color red', 'govRuleUnknown', { given: 'color', rules: RULE_NAMES.join(', ') }],
    ['votingPeriod 2', 'govRuleBadValue', { rule: 'votingPeriod', kind: 'duration', given: '2' }],
    ['votingPeriod 1.5d', 'govRuleBadValue', { rule: 'votingPeriod', kind: 'duration', given: '1.5d' }],
    ['quorum half', 'govRuleBadValue', { rule: 'quorum', kind: 'percent', given: 'half' }],
    ['membershipDays -1', 'govRuleBadValue', { rule: 'membershipDays', kind: 'count', given: '-1' }],
    ['membershipDays off', 'govRuleBadValue', { rule: 'membershipDays', kind: 'count', given: 'off' }],
    [
      'votingPeriod 500ms',
      'govRuleOutOfBounds',
      { rule: 'votingPeriod', kind: 'duration', min: 1_000, max: 2_592_000_000 },
    ],
    [
      'votingPeriod 31d',
      'govRuleOutOfBounds',
      { rule: 'votingPeriod', kind: 'duration', min: 1_000, max: 2_592_000_000 },
    ],
    ['threshold 50%', 'govRuleOutOfBounds', { rule: 'threshold', kind: 'percent', min: 5_001, max: 10_000 }],
    ['quorum 101%', 'govRuleOutOfBounds', { rule: 'quorum', kind: 'percent', min: 0, max: 10_000 }],
    ['activityDays 0', 'govRuleOutOfBounds', { rule: 'activityDays', kind: 'count', min: 1, max: 365 }],
    [
      'openProposalsMax 51',
      'govRuleOutOfBounds',
      { rule: 'openProposalsMax', kind: 'count', min: 1, max: 50 },
    ],
  ])('refuses "%s" with %s', (args, key, params) => {
    expect(refusal(args)).toEqual({ key, params });
  });
});
