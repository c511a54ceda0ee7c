import type { CommunitySettings } from '../accounts/accounts.schemas';
import type { DistributionRule } from '../ledger/ledger.economy';
import type { Policy } from '../ledger/ledger.schemas';
import { GOVERNED_PARAMETERS, type ParameterId } from './governance.parameters';

/** The distribution rule a share parameter sets. */
export const PARAMETER_SHARE_KIND: Partial<Record<ParameterId, 'basicIncome' | 'earned' | 'interest'>> = {
  'distribution.basicIncomeShareBps': 'basicIncome',
  'distribution.earnedShareBps': 'earned',
  'distribution.interestShareBps': 'interest',
};

/** The emission mode a positive value of an emission parameter runs. */
export const PARAMETER_EMISSION_MODE: Partial<Record<ParameterId, 'fixed' | 'rate'>> = {
  'emission.fixedAmount': 'fixed',
  'emission.rateBps': 'rate',
};

type FlatLedgerField = 'taxBps' | 'transferMin' | 'transferMax' | 'dailySendMax' | 'dailyReceiveMax';

/** The rules of one kind in a distribution (a community may hold several when an admin set them so). */
export function distributionRulesOf(
  rules: DistributionRule[],
  kind: DistributionRule['kind'],
): DistributionRule[] {
  return rules.filter((rule) => rule.kind === kind);
}

/**
 * A ledger parameter's value in a policy. Emission is read as what is minted per period: the fixed amount
 * while the mode is fixed, the rate while it is rate, 0 otherwise (no emission of that kind runs). A
 * distribution share is the rule's shareBps, 0 when the community has no rule of its kind.
 */
export function ledgerParameterValue(policy: Policy, parameter: ParameterId): number | null {
  const mode = PARAMETER_EMISSION_MODE[parameter];
  if (mode === 'fixed') return policy.emission.mode === 'fixed' ? (policy.emission.amount ?? 0) : 0;
  if (mode === 'rate') return policy.emission.mode === 'rate' ? policy.emission.rateBps : 0;
  if (parameter === 'emission.supplyCap') return policy.emission.supplyCap;
  const kind = PARAMETER_SHARE_KIND[parameter];
  if (kind !== undefined) {
    return distributionRulesOf(policy.distribution, kind).reduce((sum, rule) => sum + rule.shareBps, 0);
  }
  return policy[GOVERNED_PARAMETERS[parameter].field as FlatLedgerField];
}

/**
 * A governed parameter's value now, as a proposal reads it when it opens (docs/governance.md): the
 * ledger's from its policy, a reward setting from accounts' settings; a grant has none.
 */
export function governedValueOf(
  parameter: ParameterId,
  policy: Policy,
  rewards: CommunitySettings['rewards'],
): number | null {
  const rules = GOVERNED_PARAMETERS[parameter];
  if (rules.kind === 'grant') return null;
  if (rules.owner === 'ledger') return ledgerParameterValue(policy, parameter);
  const value = (rewards as Record<string, unknown>)[rules.field];
  return typeof value === 'number' ? value : null;
}
