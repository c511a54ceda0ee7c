import { REWARD_SETTINGS_DEFAULT } from '../accounts/accounts.schemas';
import { TAX_BPS_MAX } from '../ledger/ledger.schemas';
import { AMOUNT_MAX } from '../primitives';

/** The service whose command changes a parameter (and whose event reports its changes). */
export type ParameterOwner = 'ledger' | 'accounts';

/**
 * One parameter members may propose to change: where it lives, its bounds, the largest change one
 * proposal may make, and whether raising it needs the community's stricter threshold (tax, emission).
 */
export interface GovernedParameter {
  readonly owner: ParameterOwner;
  /** Its field in the owner's command: ledger policy.set's field, or accounts settings.set's `rewards` field. */
  readonly field: string;
  readonly summary: string;
  readonly min: number;
  readonly max: number;
  /** Largest difference between the current value and the proposed one. */
  readonly changeMax: number;
  /** Raising it needs raiseThresholdBps instead of thresholdBps. */
  readonly strictOnRaise: boolean;
  /** The owner's value before anyone set one (null: none, as a daily cap never set). */
  readonly initial: number | null;
}

const DAY_MS = 86_400_000;

/**
 * The whitelist. A parameter of another service (emission, its distribution, a treasury grant) joins by a
 * new entry here and its owner in the apply worker's table; nothing else in the contracts changes. Daily
 * caps are numbers only: a proposal cannot lift a cap to "none" (an admin can). A current value that is
 * none, or outside the parameter's bounds (the ledger's unlimited transferMax), has no largest change: any
 * value within the bounds may be proposed.
 */
export const GOVERNED_PARAMETERS = {
  'ledger.taxBps': {
    owner: 'ledger',
    field: 'taxBps',
    summary: 'Tax on member payments, in basis points (100 = 1%), paid to the treasury.',
    min: 0,
    max: TAX_BPS_MAX,
    changeMax: 500,
    strictOnRaise: true,
    initial: 0,
  },
  'ledger.transferMin': {
    owner: 'ledger',
    field: 'transferMin',
    summary: 'Smallest payment between members, in tickets.',
    min: 1,
    max: 1_000_000,
    changeMax: 1_000,
    strictOnRaise: false,
    initial: 1,
  },
  'ledger.transferMax': {
    owner: 'ledger',
    field: 'transferMax',
    summary: 'Largest payment between members, in tickets.',
    min: 1,
    max: 1_000_000_000,
    changeMax: 10_000_000,
    strictOnRaise: false,
    initial: AMOUNT_MAX,
  },
  'ledger.dailySendMax': {
    owner: 'ledger',
    field: 'dailySendMax',
    summary: 'Most a member may pay to other members per UTC day, in tickets.',
    min: 1,
    max: 1_000_000_000,
    changeMax: 10_000_000,
    strictOnRaise: false,
    initial: null,
  },
  'ledger.dailyReceiveMax': {
    owner: 'ledger',
    field: 'dailyReceiveMax',
    summary: 'Most a member may receive from other members per UTC day, in tickets.',
    min: 1,
    max: 1_000_000_000,
    changeMax: 10_000_000,
    strictOnRaise: false,
    initial: null,
  },
  'rewards.messageReward': {
    owner: 'accounts',
    field: 'messageReward',
    summary: 'Tickets minted per rewarded message.',
    min: 0,
    max: 1_000,
    changeMax: 10,
    strictOnRaise: true,
    initial: REWARD_SETTINGS_DEFAULT.messageReward,
  },
  'rewards.messageCooldownMs': {
    owner: 'accounts',
    field: 'messageCooldownMs',
    summary: "A member's wait between rewarded messages, in milliseconds.",
    min: 0,
    max: DAY_MS,
    changeMax: 3_600_000,
    strictOnRaise: false,
    initial: REWARD_SETTINGS_DEFAULT.messageCooldownMs,
  },
  'rewards.dailyMessageRewardsMax': {
    owner: 'accounts',
    field: 'dailyMessageRewardsMax',
    summary: 'Rewarded messages per member per UTC day.',
    min: 0,
    max: 10_000,
    changeMax: 100,
    strictOnRaise: true,
    initial: REWARD_SETTINGS_DEFAULT.dailyMessageRewardsMax,
  },
  'rewards.dailyBonus': {
    owner: 'accounts',
    field: 'dailyBonus',
    summary: 'Tickets minted by /daily.',
    min: 0,
    max: 100_000,
    changeMax: 100,
    strictOnRaise: true,
    initial: REWARD_SETTINGS_DEFAULT.dailyBonus,
  },
  'rewards.dailyStreakBonus': {
    owner: 'accounts',
    field: 'dailyStreakBonus',
    summary: 'Extra tickets per consecutive day of /daily.',
    min: 0,
    max: 100_000,
    changeMax: 50,
    strictOnRaise: true,
    initial: REWARD_SETTINGS_DEFAULT.dailyStreakBonus,
  },
} as const satisfies Record<string, GovernedParameter>;

export type ParameterId = keyof typeof GOVERNED_PARAMETERS;
export const PARAMETER_IDS = Object.keys(GOVERNED_PARAMETERS) as [ParameterId, ...ParameterId[]];

/** The parameters of one owner, by id. */
export function parametersOf(owner: ParameterOwner): ParameterId[] {
  return PARAMETER_IDS.filter((id) => GOVERNED_PARAMETERS[id].owner === owner);
}
