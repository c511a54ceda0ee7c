import {
  DomainError,
  ECONOMY_LIMITS,
  GOVERNED_PARAMETERS,
  GOVERNED_RULE_DEFAULTS,
  PARAMETER_EMISSION_MODE,
  PARAMETER_SHARE_KIND,
  distributionRulesOf,
  type CommandRequest,
  type DistributionRule,
  type Emission,
  type LedgerCommands,
  type ParameterId,
  type Policy,
} from '@ticketonomics/contracts';

/** What governance sends in ledger policy.set, besides the community. */
export type PolicyChange = Omit<CommandRequest<(typeof LedgerCommands)['policySet']>, 'communityId'>;
type EmissionSetting = NonNullable<PolicyChange['emission']>;

type FlatField = 'taxBps' | 'transferMin' | 'transferMax' | 'dailySendMax' | 'dailyReceiveMax';
type SharedKind = 'basicIncome' | 'earned' | 'interest';

const SHARE_KIND = PARAMETER_SHARE_KIND;
const MODE_OF = PARAMETER_EMISSION_MODE;

/**
 * Why `value` cannot be set from this policy, or null when it can. Checked when the proposal opens and
 * again before it applies, because an admin may have changed the policy in between: the emission must not
 * run the other mode (a vote on the fixed amount must not silently stop a rate emission), and the
 * treasury's share must be able to give what a member share takes.
 */
export function ledgerRefusal(policy: Policy, parameter: ParameterId, value: number): DomainError | null {
  const mode = MODE_OF[parameter];
  if (mode !== undefined) {
    const other = mode === 'fixed' ? 'rate' : 'fixed';
    if (policy.emission.mode !== other) return null;
    const switchOff = other === 'fixed' ? 'emission.fixedAmount' : 'emission.rateBps';
    return new DomainError(
      'CONFLICT',
      `${parameter}: the emission runs in ${other} mode; propose ${switchOff} 0 first (or an admin changes the mode)`,
      { field: 'parameter', reason: 'emission_mode' },
    );
  }
  const kind = SHARE_KIND[parameter];
  if (kind === undefined) return null;
  const own = distributionRulesOf(policy.distribution, kind);
  const treasury = distributionRulesOf(policy.distribution, 'treasury');
  if (own.length > 1 || treasury.length > 1) {
    const many = own.length > 1 ? kind : 'treasury';
    return new DomainError(
      'CONFLICT',
      `${parameter}: the distribution has several ${many} rules; an admin must merge them before members vote on a share`,
      { field: 'parameter', reason: 'distribution_ambiguous' },
    );
  }
  const current = own[0]?.shareBps ?? 0;
  const treasuryShare = treasury[0]?.shareBps ?? 0;
  if (value - current > treasuryShare) {
    const max = current + treasuryShare;
    return new DomainError(
      'LIMIT_EXCEEDED',
      `${parameter}: the treasury's share (${treasuryShare} bps) is all a member share can take; propose at most ${max}`,
      { field: 'value', limit: treasuryShare, min: 0, max },
    );
  }
  if (withShare(policy.distribution, kind, value).length > ECONOMY_LIMITS.distributionRulesMax) {
    return new DomainError(
      'CONFLICT',
      `${parameter}: the distribution already has ${policy.distribution.length} rules, the most; an admin must remove one first`,
      { field: 'parameter', reason: 'distribution_full' },
    );
  }
  return null;
}

/**
 * The policy.set that makes the setting `value` from this policy: a flat field as is, or the whole
 * emission or distribution with only the governed part changed (policy.set replaces them whole). The same
 * policy and value always give the same change, so sending it again after a crash changes nothing more.
 * Throws the refusal of ledgerRefusal.
 */
export function ledgerChange(policy: Policy, parameter: ParameterId, value: number): PolicyChange {
  const refusal = ledgerRefusal(policy, parameter, value);
  if (refusal !== null) throw refusal;
  const mode = MODE_OF[parameter];
  const emission = emissionSetting(policy.emission);
  if (mode === 'fixed') {
    return value === 0
      ? { emission: { ...emission, mode: 'none', amount: null, rateBps: 0 } }
      : { emission: { ...emission, mode: 'fixed', amount: value, rateBps: 0 } };
  }
  if (mode === 'rate') {
    return value === 0
      ? { emission: { ...emission, mode: 'none', amount: null, rateBps: 0 } }
      : { emission: { ...emission, mode: 'rate', amount: null, rateBps: value } };
  }
  if (parameter === 'emission.supplyCap') return { emission: { ...emission, supplyCap: value } };
  const kind = SHARE_KIND[parameter];
  if (kind !== undefined) return { distribution: withShare(policy.distribution, kind, value) };
  return { [GOVERNED_PARAMETERS[parameter].field as FlatField]: value };
}

/**
 * The emission as policy.set takes it, without its start: the ledger keeps a running emission's start
 * (its schedule goes on) and starts a new one at the next whole period.
 */
function emissionSetting(emission: Emission): EmissionSetting {
  const { startAt: _startAt, ...rest } = emission;
  return rest;
}

/**
 * The rules with `kind`'s share at `value` and the treasury's giving or taking the difference, so the
 * shares still sum to 10,000. A rule whose share falls to 0 is removed; one that did not exist is added
 * at the end with the documented defaults for its other fields.
 */
function withShare(rules: DistributionRule[], kind: SharedKind, value: number): DistributionRule[] {
  const own = distributionRulesOf(rules, kind)[0];
  const treasury =
    (distributionRulesOf(rules, 'treasury')[0]?.shareBps ?? 0) - (value - (own?.shareBps ?? 0));
  const next = rules.flatMap((rule): DistributionRule[] => {
    if (rule.kind !== kind && rule.kind !== 'treasury') return [rule];
    const share = rule.kind === kind ? value : treasury;
    return share === 0 ? [] : [{ ...rule, shareBps: share }];
  });
  if (own === undefined && value > 0) next.push(newRule(kind, value));
  if (!rules.some((rule) => rule.kind === 'treasury') && treasury > 0) {
    next.push({ kind: 'treasury', shareBps: treasury });
  }
  return next;
}

function newRule(kind: SharedKind, shareBps: number): DistributionRule {
  switch (kind) {
    case 'basicIncome':
      return { kind, shareBps, activeWindowDays: GOVERNED_RULE_DEFAULTS.basicIncomeActiveWindowDays };
    case 'interest':
      return { kind, shareBps, balanceCap: GOVERNED_RULE_DEFAULTS.interestBalanceCap };
    case 'earned':
      return { kind, shareBps };
  }
}
