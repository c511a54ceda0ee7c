import {
  GOVERNED_PARAMETERS,
  type CommunitySettings,
  type DistributionRule,
  type ParameterId,
  type Policy,
} from '@ticketonomics/contracts';

const SHARE_KIND: Partial<Record<ParameterId, DistributionRule['kind']>> = {
  'distribution.basicIncomeShareBps': 'basicIncome',
  'distribution.earnedShareBps': 'earned',
  'distribution.interestShareBps': 'interest',
};

/**
 * A governed parameter's value now, as governance reads it when a proposal opens (docs/governance.md):
 * an emission parameter is what is minted per period in its mode (0 while the other mode or none runs), a
 * distribution share the shareBps of the rule of its kind (0 without one), a grant has none.
 */
export function currentValueOf(
  parameter: ParameterId,
  policy: Policy,
  rewards: CommunitySettings['rewards'],
): number | null {
  const rules = GOVERNED_PARAMETERS[parameter];
  if (rules.kind === 'grant') return null;
  if (parameter === 'emission.fixedAmount') {
    return policy.emission.mode === 'fixed' ? (policy.emission.amount ?? 0) : 0;
  }
  if (parameter === 'emission.rateBps') return policy.emission.mode === 'rate' ? policy.emission.rateBps : 0;
  if (parameter === 'emission.supplyCap') return policy.emission.supplyCap;
  const kind = SHARE_KIND[parameter];
  if (kind !== undefined) {
    return policy.distribution
      .filter((rule) => rule.kind === kind)
      .reduce((sum, rule) => sum + rule.shareBps, 0);
  }
  const source: Record<string, unknown> = rules.owner === 'ledger' ? policy : rewards;
  const value = source[rules.field];
  return typeof value === 'number' ? value : null;
}
