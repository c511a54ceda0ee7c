import { z } from 'zod';
import { UserIdSchema } from '../accounts/accounts.schemas';
import { CommunityIdSchema, IsoTimeSchema } from '../primitives';
import { PARAMETER_IDS } from './governance.parameters';

const DAY_MS = 86_400_000;

/**
 * Bounds of a community's governance rules. Voting periods and timelocks go down to one second so a
 * community (and the tests) can try a whole proposal in a minute; the defaults are days.
 */
export const GOVERNANCE_LIMITS = {
  votingPeriodMsMin: 1_000,
  votingPeriodMsMax: 30 * DAY_MS,
  timelockMsMax: 30 * DAY_MS,
  /** A change that passes with less than a majority of the votes could be undone by its opposite. */
  thresholdBpsMin: 5_001,
  bpsMax: 10_000,
  membershipDaysMax: 365,
  activityDaysMax: 365,
  proposalCooldownMsMax: 30 * DAY_MS,
  openProposalsMax: 50,
  reasonLengthMax: 500,
  titleLengthMax: 120,
} as const;

const L = GOVERNANCE_LIMITS;

const whole = (min: number, max: number, unit: string) =>
  z
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be at least ${min} ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` });

export const GovernanceSettingsShape = {
  /** How long a proposal is open for votes. */
  votingPeriodMs: whole(L.votingPeriodMsMin, L.votingPeriodMsMax, 'milliseconds'),
  /** Votes cast / eligible voters, in basis points, needed for a result to count. */
  quorumBps: whole(0, L.bpsMax, 'basis points'),
  /** Yes votes / votes cast, in basis points, needed to pass. */
  thresholdBps: whole(L.thresholdBpsMin, L.bpsMax, 'basis points'),
  /** The same for raising a parameter marked strictOnRaise (tax, rewards that mint): a supermajority. */
  raiseThresholdBps: whole(L.thresholdBpsMin, L.bpsMax, 'basis points'),
  /** Between passing and applying: the time to veto, and for members to see it coming. */
  timelockMs: whole(0, L.timelockMsMax, 'milliseconds'),
  /** A member votes (and proposes) only after this many days of membership when the proposal opens. */
  membershipDaysMin: whole(0, L.membershipDaysMax, 'days'),
  /** And only with a reward in this many days before it opens; null: no activity needed. */
  activityDays: whole(1, L.activityDaysMax, 'days').nullable(),
  /** A member's wait between two proposals. */
  proposalCooldownMs: whole(0, L.proposalCooldownMsMax, 'milliseconds'),
  /** Proposals open (voting or waiting for their timelock) at once in the community. */
  openProposalsMax: whole(1, L.openProposalsMax, 'proposals'),
};

export const GovernanceSettingsValuesSchema = z.strictObject(GovernanceSettingsShape);
export type GovernanceSettingsValues = z.infer<typeof GovernanceSettingsValuesSchema>;

export const GOVERNANCE_SETTINGS_DEFAULT: GovernanceSettingsValues = {
  votingPeriodMs: 3 * DAY_MS,
  quorumBps: 2_000,
  thresholdBps: 5_001,
  raiseThresholdBps: 6_667,
  timelockMs: DAY_MS,
  membershipDaysMin: 7,
  activityDays: 30,
  proposalCooldownMs: DAY_MS,
  openProposalsMax: 5,
};

/** The raise threshold is never below the plain one. */
export function refineThresholds(
  value: { thresholdBps?: number; raiseThresholdBps?: number },
  ctx: z.RefinementCtx,
): void {
  if (
    value.thresholdBps !== undefined &&
    value.raiseThresholdBps !== undefined &&
    value.raiseThresholdBps < value.thresholdBps
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['raiseThresholdBps'],
      message: 'must be at least thresholdBps',
    });
  }
}

export const GovernanceSettingsSchema = z
  .strictObject({
    communityId: CommunityIdSchema,
    ...GovernanceSettingsShape,
    /** 0 while the community runs on the defaults. */
    version: z.int().nonnegative(),
    updatedAt: IsoTimeSchema.nullable(),
  })
  .superRefine(refineThresholds);
export type GovernanceSettings = z.infer<typeof GovernanceSettingsSchema>;

export const ParameterIdSchema = z.enum(PARAMETER_IDS, {
  error: `must be one of ${PARAMETER_IDS.join(', ')}`,
});

export const ProposalIdSchema = z
  .int({ error: 'must be a whole number such as 3' })
  .positive({ error: 'must be 1 or more' })
  .max(Number.MAX_SAFE_INTEGER);

/** Client-chosen key of a proposal: a repeat with it returns the first proposal instead of a second one. */
export const ProposalRequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,48}$/, { error: 'must be 1-48 characters of A-Z, a-z, 0-9, _, ., : or -' });

export const ParameterValueSchema = z
  .int({ error: 'must be a whole number' })
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);

export const PROPOSAL_STATUSES = [
  'voting',
  'passed',
  'applying',
  'applied',
  'rejected',
  'vetoed',
  'cancelled',
  'failed',
  'expired',
] as const;
export const ProposalStatusSchema = z.enum(PROPOSAL_STATUSES);
export type ProposalStatus = z.infer<typeof ProposalStatusSchema>;

/** Open proposals count against the community's openProposalsMax. */
export const OPEN_PROPOSAL_STATUSES: readonly ProposalStatus[] = ['voting', 'passed', 'applying'];

export const VOTE_CHOICES = ['yes', 'no'] as const;
export const VoteChoiceSchema = z.enum(VOTE_CHOICES);
export type VoteChoice = z.infer<typeof VoteChoiceSchema>;

export const REJECTION_REASONS = ['quorum', 'threshold'] as const;

export const ReasonSchema = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(L.reasonLengthMax, { error: `must be at most ${L.reasonLengthMax} characters` });

export const ProposalSchema = z.strictObject({
  communityId: CommunityIdSchema,
  id: ProposalIdSchema,
  proposerId: UserIdSchema,
  title: z.string(),
  parameter: ParameterIdSchema,
  /** The value when the proposal opened (read from the owning service). */
  currentValue: ParameterValueSchema.nullable(),
  proposedValue: ParameterValueSchema,
  /** The member a grant pays (treasury.grant); null for a setting. */
  recipientId: UserIdSchema.nullable(),
  /** The rules copied when it opened: later changes of the settings do not move them. */
  thresholdBps: z.int(),
  quorumBps: z.int(),
  timelockMs: z.int(),
  status: ProposalStatusSchema,
  /** Members who may vote, fixed when it opened. */
  eligibleCount: z.int().nonnegative(),
  yes: z.int().nonnegative(),
  no: z.int().nonnegative(),
  createdAt: IsoTimeSchema,
  votingEndsAt: IsoTimeSchema,
  /** When it was decided (passed or rejected), null while voting. */
  decidedAt: IsoTimeSchema.nullable(),
  /** Passed: the earliest time it applies (end of the timelock). */
  appliesAt: IsoTimeSchema.nullable(),
  rejectedFor: z.enum(REJECTION_REASONS).nullable(),
  veto: z.strictObject({ by: UserIdSchema, reason: z.string(), at: IsoTimeSchema }).nullable(),
  cancelledAt: IsoTimeSchema.nullable(),
  appliedAt: IsoTimeSchema.nullable(),
  /** Failed: why the owning service refused the change. */
  failure: z.string().nullable(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

export const VoteSchema = z.strictObject({
  communityId: CommunityIdSchema,
  proposalId: ProposalIdSchema,
  voterId: UserIdSchema,
  choice: VoteChoiceSchema,
  at: IsoTimeSchema,
});
export type Vote = z.infer<typeof VoteSchema>;

/**
 * One change of a governed parameter, by a vote or by anyone else (an admin through the owning service),
 * or one grant a vote paid from the treasury (parameter treasury.grant: oldValue null, newValue the amount,
 * recipientId the member paid).
 */
export const ParameterChangeSchema = z.strictObject({
  communityId: CommunityIdSchema,
  seq: z.int().positive(),
  parameter: ParameterIdSchema,
  /** Null where the value was "none" (no cap), and for a grant. */
  oldValue: ParameterValueSchema.nullable(),
  /** Null where the owner's value is "none" (a daily cap lifted); a grant's amount. */
  newValue: ParameterValueSchema.nullable(),
  /** The member a grant paid; null for a setting. */
  recipientId: UserIdSchema.nullable(),
  /** 'proposal' when it is a passed proposal's change, else 'admin'. */
  source: z.enum(['proposal', 'admin']),
  proposalId: ProposalIdSchema.nullable(),
  at: IsoTimeSchema,
});
export type ParameterChange = z.infer<typeof ParameterChangeSchema>;
