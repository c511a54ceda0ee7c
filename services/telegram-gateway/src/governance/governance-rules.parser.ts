import { GovernanceSettingsShape, type GovernanceSettingsValues } from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';
import type { RuleKind } from './governance.format';

type RuleField = keyof GovernanceSettingsValues;

/**
 * The rules by the names admins type in /governance: the contract's fields without their units, since the
 * value carries its own (a period with s/m/h/d, a percentage with %).
 */
export const RULES = {
  votingPeriod: { field: 'votingPeriodMs', kind: 'duration' },
  quorum: { field: 'quorumBps', kind: 'percent' },
  threshold: { field: 'thresholdBps', kind: 'percent' },
  raiseThreshold: { field: 'raiseThresholdBps', kind: 'percent' },
  timelock: { field: 'timelockMs', kind: 'duration' },
  membershipDays: { field: 'membershipDaysMin', kind: 'count' },
  activityDays: { field: 'activityDays', kind: 'count' },
  proposalCooldown: { field: 'proposalCooldownMs', kind: 'duration' },
  openProposalsMax: { field: 'openProposalsMax', kind: 'count' },
} as const satisfies Record<string, { field: RuleField; kind: RuleKind }>;
export type RuleName = keyof typeof RULES;
export const RULE_NAMES = Object.keys(RULES) as RuleName[];

export type RulesArgs =
  { kind: 'show' } | { kind: 'set'; rule: RuleName; patch: Partial<GovernanceSettingsValues> };

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const NONE_WORDS = new Set(['off', 'none', 'null', '-']);
const QUOTED_LENGTH_MAX = 32;

/** "/governance" shows the rules; "/governance quorum 25%" sets one (admins). */
export function parseRulesArgs(args: string): RulesArgs {
  const tokens = args.split(/\s+/).filter((token) => token !== '');
  if (tokens.length === 0) return { kind: 'show' };
  if (tokens.length !== 2) throw userError('govRulesUsage');
  const [given, raw] = tokens as [string, string];
  const rule = RULE_NAMES.find((name) => name.toLowerCase() === given.toLowerCase());
  if (rule === undefined) {
    throw userError('govRuleUnknown', {
      given: given.slice(0, QUOTED_LENGTH_MAX),
      rules: RULE_NAMES.join(', '),
    });
  }
  const { field, kind } = RULES[rule];
  const value = rawValue(rule, raw);
  const parsed = GovernanceSettingsShape[field].safeParse(value);
  if (!parsed.success) {
    const { min, max } = bounds(field);
    throw userError('govRuleOutOfBounds', { rule, kind, min, max });
  }
  return { kind: 'set', rule, patch: { [field]: parsed.data } };
}

function rawValue(rule: RuleName, raw: string): number | null {
  const { kind } = RULES[rule];
  const lower = raw.toLowerCase();
  if (rule === 'activityDays' && NONE_WORDS.has(lower)) return null;
  const bad = () => userError('govRuleBadValue', { rule, kind, given: raw.slice(0, QUOTED_LENGTH_MAX) });
  if (kind === 'duration') {
    if (lower === '0') return 0;
    const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(lower);
    if (match === null) throw bad();
    return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  if (kind === 'percent') {
    const match = /^(\d{1,3})(?:[.,](\d{1,2}))?%?$/.exec(raw);
    if (match === null) throw bad();
    return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  }
  if (!/^\d{1,9}$/.test(raw)) throw bad();
  return Number(raw);
}

/** The bounds of a rule, read from its schema so they are never stated twice. */
function bounds(field: RuleField): { min: number; max: number } {
  const schema = GovernanceSettingsShape[field];
  const inner = 'unwrap' in schema ? schema.unwrap() : schema;
  return { min: inner.minValue ?? 0, max: inner.maxValue ?? Number.MAX_SAFE_INTEGER };
}
