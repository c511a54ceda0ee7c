import { REWARD_SETTINGS_DEFAULT } from '../accounts/accounts.schemas';
import { ECONOMY_LIMITS } from '../ledger/ledger.economy';
import { TAX_BPS_MAX } from '../ledger/ledger.schemas';
import { AMOUNT_MAX } from '../primitives';

/** The service whose command changes a parameter (and whose event reports its changes). */
export type ParameterOwner = 'ledger' | 'accounts';

/**
 * `setting`: a value the owner keeps; applying sets it to the proposed value. `grant`: a payment made once,
 * of the proposed amount, from the treasury to the proposal's recipient; it has no current value.
 */
export type ParameterKind = 'setting' | 'grant';

/**
 * When a proposal needs the community's stricter threshold (raiseThresholdBps): when it raises the value,
 * lowers it, always, or never. A current value of none (a cap never set) counts as unlimited, so any
 * proposed value lowers it.
 */
export type StrictWhen = 'raise' | 'lower' | 'always' | 'never';

/**
 * One parameter members may propose to change: where it lives, its bounds, the largest change one
 * proposal may make, and when it needs the community's stricter threshold (tax, emission, grants).
 */
export interface GovernedParameter {
  readonly owner: ParameterOwner;
  readonly kind: ParameterKind;
  /**
   * Its field in the owner's command: ledger policy.set's field (for emission and distribution, the whole
   * object the value is part of), accounts settings.set's `rewards` field, or treasury.grant's `amount`.
   */
  readonly field: string;
  readonly summary: string;
  readonly min: number;
  readonly max: number;
  /** Largest difference between the current value and the proposed one (a grant: its largest amount). */
  readonly changeMax: number;
  readonly strictWhen: StrictWhen;
  /** The owner's value before anyone set one (null: none, as a daily cap never set, or a grant). */
  readonly initial: number | null;
}

const DAY_MS = 86_400_000;

/**
 * What a proposal brings along when it creates what its value is part of: a distribution rule that did not
 * exist takes these values for its other fields (an admin may change them through policy.set).
 */
export const GOVERNED_RULE_DEFAULTS = {
  /** A new basicIncome rule shares among members active (rewarded or paying) in the last 30 days. */
  basicIncomeActiveWindowDays: 30,
  /** A new interest rule counts each member's balance up to 10,000 tickets. */
  interestBalanceCap: 10_000,
} as const;

/**
 * The whitelist. A parameter of another service joins by a new entry here and a case in the governance
 * service's owners gateway; nothing else in the contracts changes. Caps are numbers only: a proposal
 * cannot lift a cap to "none" (an admin can). A current value that is none, or outside the parameter's
 * bounds (the ledger's unlimited transferMax), has no largest change: any value within the bounds may be
 * proposed.
 */
export const GOVERNED_PARAMETERS = {
  'ledger.taxBps': {
    owner: 'ledger',
    kind: 'setting',
    field: 'taxBps',
    summary: 'Tax on member payments, in basis points (100 = 1%), paid to the treasury.',
    min: 0,
    max: TAX_BPS_MAX,
    changeMax: 500,
    strictWhen: 'raise',
    initial: 0,
  },
  'ledger.transferMin': {
    owner: 'ledger',
    kind: 'setting',
    field: 'transferMin',
    summary: 'Smallest payment between members, in tickets.',
    min: 1,
    max: 1_000_000,
    changeMax: 1_000,
    strictWhen: 'never',
    initial: 1,
  },
  'ledger.transferMax': {
    owner: 'ledger',
    kind: 'setting',
    field: 'transferMax',
    summary: 'Largest payment between members, in tickets.',
    min: 1,
    max: 1_000_000_000,
    changeMax: 10_000_000,
    strictWhen: 'never',
    initial: AMOUNT_MAX,
  },
  'ledger.dailySendMax': {
    owner: 'ledger',
    kind: 'setting',
    field: 'dailySendMax',
    summary: 'Most a member may pay to other members per UTC day, in tickets.',
    min: 1,
    max: 1_000_000_000,
    changeMax: 10_000_000,
    strictWhen: 'never',
    initial: null,
  },
  'ledger.dailyReceiveMax': {
    owner: 'ledger',
    kind: 'setting',
    field: 'dailyReceiveMax',
    summary: 'Most a member may receive from other members per UTC day, in tickets.',
    min: 1,
    max: 1_000_000_000,
    changeMax: 10_000_000,
    strictWhen: 'never',
    initial: null,
  },
  'emission.fixedAmount': {
    owner: 'ledger',
    kind: 'setting',
    field: 'emission',
    summary:
      'Tickets the community mints each emission period (0: no emission). A positive value runs the fixed emission, keeping its period and cap.',
    min: 0,
    max: 10_000_000,
    changeMax: 100_000,
    strictWhen: 'raise',
    initial: 0,
  },
  'emission.rateBps': {
    owner: 'ledger',
    kind: 'setting',
    field: 'emission',
    summary:
      'Basis points of the supply the community mints each emission period (0: no emission). A positive value runs the rate emission, keeping its period and cap.',
    min: 0,
    max: ECONOMY_LIMITS.emissionRateBpsMax,
    changeMax: 50,
    strictWhen: 'raise',
    initial: 0,
  },
  'emission.supplyCap': {
    owner: 'ledger',
    kind: 'setting',
    field: 'emission',
    summary: 'Supply, in tickets, at which emission stops.',
    min: 1,
    max: 1_000_000_000_000,
    changeMax: 100_000_000,
    strictWhen: 'raise',
    initial: null,
  },
  'distribution.basicIncomeShareBps': {
    owner: 'ledger',
    kind: 'setting',
    field: 'distribution',
    summary:
      "Basis points of each period's emission shared equally among active members; the treasury's share gives or takes the difference.",
    min: 0,
    max: 10_000,
    changeMax: 1_000,
    strictWhen: 'never',
    initial: 0,
  },
  'distribution.earnedShareBps': {
    owner: 'ledger',
    kind: 'setting',
    field: 'distribution',
    summary:
      "Basis points of each period's emission shared in proportion to the rewards members earned in it; the treasury's share gives or takes the difference.",
    min: 0,
    max: 10_000,
    changeMax: 1_000,
    strictWhen: 'never',
    initial: 0,
  },
  'distribution.interestShareBps': {
    owner: 'ledger',
    kind: 'setting',
    field: 'distribution',
    summary:
      "Basis points of each period's emission shared in proportion to members' balances (interest); the treasury's share gives or takes the difference.",
    min: 0,
    max: 10_000,
    changeMax: 1_000,
    strictWhen: 'never',
    initial: 0,
  },
  'treasury.grant': {
    owner: 'ledger',
    kind: 'grant',
    field: 'amount',
    summary:
      "A payment, once, of this many tickets from the community's treasury to the proposal's recipient.",
    min: 1,
    max: 1_000_000_000,
    changeMax: 1_000_000_000,
    strictWhen: 'always',
    initial: null,
  },
  'rewards.messageReward': {
    owner: 'accounts',
    kind: 'setting',
    field: 'messageReward',
    summary: 'Tickets minted per rewarded message.',
    min: 0,
    max: 1_000,
    changeMax: 10,
    strictWhen: 'raise',
    initial: REWARD_SETTINGS_DEFAULT.messageReward,
  },
  'rewards.messageCooldownMs': {
    owner: 'accounts',
    kind: 'setting',
    field: 'messageCooldownMs',
    summary: "A member's wait between rewarded messages, in milliseconds.",
    min: 0,
    max: DAY_MS,
    changeMax: 3_600_000,
    strictWhen: 'never',
    initial: REWARD_SETTINGS_DEFAULT.messageCooldownMs,
  },
  'rewards.dailyMessageRewardsMax': {
    owner: 'accounts',
    kind: 'setting',
    field: 'dailyMessageRewardsMax',
    summary: 'Rewarded messages per member per UTC day.',
    min: 0,
    max: 10_000,
    changeMax: 100,
    strictWhen: 'raise',
    initial: REWARD_SETTINGS_DEFAULT.dailyMessageRewardsMax,
  },
  'rewards.dailyBonus': {
    owner: 'accounts',
    kind: 'setting',
    field: 'dailyBonus',
    summary: 'Tickets minted by /daily.',
    min: 0,
    max: 100_000,
    changeMax: 100,
    strictWhen: 'raise',
    initial: REWARD_SETTINGS_DEFAULT.dailyBonus,
  },
  'rewards.dailyStreakBonus': {
    owner: 'accounts',
    kind: 'setting',
    field: 'dailyStreakBonus',
    summary: 'Extra tickets per consecutive day of /daily.',
    min: 0,
    max: 100_000,
    changeMax: 50,
    strictWhen: 'raise',
    initial: REWARD_SETTINGS_DEFAULT.dailyStreakBonus,
  },
} as const satisfies Record<string, GovernedParameter>;

export type ParameterId = keyof typeof GOVERNED_PARAMETERS;
export const PARAMETER_IDS = Object.keys(GOVERNED_PARAMETERS) as [ParameterId, ...ParameterId[]];

/** The settings (values it keeps, not grants) of one owner, by id: what its update events report. */
export function settingsOf(owner: ParameterOwner): ParameterId[] {
  return PARAMETER_IDS.filter(
    (id) => GOVERNED_PARAMETERS[id].owner === owner && GOVERNED_PARAMETERS[id].kind === 'setting',
  );
}

/** Whether a parameter is a grant: a payment made once, to the proposal's recipient. */
export function isGrant(parameter: ParameterId): boolean {
  return GOVERNED_PARAMETERS[parameter].kind === 'grant';
}
