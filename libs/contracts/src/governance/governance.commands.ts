import { z } from 'zod';
import { UserIdSchema } from '../accounts/accounts.schemas';
import { defineCommand } from '../command';
import { CommunityIdSchema, CursorSchema, PageSizeSchema } from '../primitives';
import { isGrant, type ParameterId } from './governance.parameters';
import {
  GOVERNANCE_LIMITS,
  GovernanceSettingsSchema,
  GovernanceSettingsShape,
  ParameterChangeSchema,
  ParameterIdSchema,
  ParameterValueSchema,
  ProposalIdSchema,
  ProposalRequestIdSchema,
  ProposalSchema,
  ProposalStatusSchema,
  ReasonSchema,
  refineThresholds,
  VoteChoiceSchema,
  VoteSchema,
} from './governance.schemas';

/** The examples' community and members (user ids as accounts gives them). */
export const GOVERNANCE_EXAMPLES = {
  community: 'demo',
  alice: '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S',
  bob: '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7T',
  admin: '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7V',
} as const;
const EX = GOVERNANCE_EXAMPLES;

const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });

const PageRequestShape = { cursor: CursorSchema.optional(), limit: PageSizeSchema.optional() };
const ProposalRefShape = { communityId: CommunityIdSchema, proposalId: ProposalIdSchema };

/** What a member proposes: the fields of proposal.create a caller chooses (the HTTP API's body too). */
export const ProposalTermsShape = {
  proposerId: UserIdSchema,
  parameter: ParameterIdSchema,
  value: ParameterValueSchema,
  /** The member a grant pays: required for treasury.grant, refused for a setting. */
  recipientId: UserIdSchema.optional(),
  title: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(GOVERNANCE_LIMITS.titleLengthMax, {
      error: `must be at most ${GOVERNANCE_LIMITS.titleLengthMax} characters`,
    }),
};

/** A grant names the member it pays; a setting names nobody. */
export function refineProposalTerms(
  value: { parameter: ParameterId; recipientId?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  const grant = isGrant(value.parameter);
  if (grant && value.recipientId === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['recipientId'],
      message: `is required for ${value.parameter}: the member the grant pays`,
    });
  }
  if (!grant && value.recipientId !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['recipientId'],
      message: `is only for treasury.grant; leave it out for ${value.parameter}`,
    });
  }
}

export const ProposalCreateRequestSchema = z
  .strictObject({
    requestId: ProposalRequestIdSchema,
    communityId: CommunityIdSchema,
    ...ProposalTermsShape,
  })
  .superRefine(refineProposalTerms);

export const GovernanceSettingsSetRequestSchema = z
  .strictObject({ communityId: CommunityIdSchema, ...GovernanceSettingsShape })
  .partial()
  .required({ communityId: true })
  .superRefine(refineThresholds)
  .refine((value) => Object.keys(value).length > 1, {
    error: 'must change at least one rule',
    path: ['votingPeriodMs'],
  });

export const GovernanceCommands = {
  proposalCreate: defineCommand({
    subject: 'tk.cmd.governance.proposal.create',
    summary:
      "Propose a new value for a governed parameter, or a treasury grant (parameter treasury.grant, value the amount, recipientId the member paid). The proposer must be eligible; the value must be within the parameter's bounds and its largest change from the current value; the member's cooldown and the community's cap on open proposals apply. The eligible voters are fixed now. A repeat with the same requestId returns the first proposal.",
    request: ProposalCreateRequestSchema,
    response: ProposalSchema,
    example: {
      requestId: 'example-proposal-1',
      communityId: EX.community,
      proposerId: EX.alice,
      parameter: 'ledger.taxBps',
      value: 300,
      title: 'Raise the tax to 3% for the winter fund',
    },
  }),
  proposalGet: defineCommand({
    subject: 'tk.cmd.governance.proposal.get',
    summary: 'One proposal: its votes so far, its status, and a veto with who and why.',
    request: z.strictObject(ProposalRefShape),
    response: ProposalSchema,
    example: { communityId: EX.community, proposalId: 1 },
  }),
  proposalList: defineCommand({
    subject: 'tk.cmd.governance.proposal.list',
    summary: "A community's proposals, newest first, optionally of one status, a page at a time.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      status: ProposalStatusSchema.optional(),
      ...PageRequestShape,
    }),
    response: pageOf(ProposalSchema),
    example: { communityId: EX.community, limit: 20 },
  }),
  proposalVote: defineCommand({
    subject: 'tk.cmd.governance.proposal.vote',
    summary:
      'Vote yes or no on an open proposal: only members eligible when it opened, once each (a second vote is CONFLICT).',
    request: z.strictObject({ ...ProposalRefShape, voterId: UserIdSchema, choice: VoteChoiceSchema }),
    response: z.strictObject({ vote: VoteSchema, proposal: ProposalSchema }),
    example: { communityId: EX.community, proposalId: 1, voterId: EX.bob, choice: 'yes' },
  }),
  proposalVeto: defineCommand({
    subject: 'tk.cmd.governance.proposal.veto',
    summary:
      'An admin stops a proposal while it is voting or waiting for its timelock (the caller checks the role). Who and why are kept and shown.',
    request: z.strictObject({ ...ProposalRefShape, adminId: UserIdSchema, reason: ReasonSchema }),
    response: ProposalSchema,
    example: {
      communityId: EX.community,
      proposalId: 1,
      adminId: EX.admin,
      reason: 'The treasury is full; revisit next month.',
    },
  }),
  proposalCancel: defineCommand({
    subject: 'tk.cmd.governance.proposal.cancel',
    summary: 'The proposer withdraws a proposal while it is still voting.',
    request: z.strictObject({ ...ProposalRefShape, proposerId: UserIdSchema }),
    response: ProposalSchema,
    example: { communityId: EX.community, proposalId: 2, proposerId: EX.alice },
  }),
  settingsGet: defineCommand({
    subject: 'tk.cmd.governance.settings.get',
    summary:
      "A community's governance rules: voting period, quorum, thresholds, timelock, who is eligible, cooldown and cap (the defaults, version 0, until an admin sets them).",
    request: z.strictObject({ communityId: CommunityIdSchema }),
    response: GovernanceSettingsSchema,
    example: { communityId: EX.community },
  }),
  settingsSet: defineCommand({
    subject: 'tk.cmd.governance.settings.set',
    summary:
      "Change some of a community's governance rules (admins; the caller checks the role). Open proposals keep the rules they opened with.",
    request: GovernanceSettingsSetRequestSchema,
    response: GovernanceSettingsSchema,
    example: { communityId: EX.community, quorumBps: 2_500, timelockMs: 43_200_000 },
  }),
  historyList: defineCommand({
    subject: 'tk.cmd.governance.history.list',
    summary:
      "Every change of a community's governed parameters, by a vote or by an admin, newest first, optionally of one parameter.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      parameter: ParameterIdSchema.optional(),
      ...PageRequestShape,
    }),
    response: pageOf(ParameterChangeSchema),
    example: { communityId: EX.community, parameter: 'ledger.taxBps' },
  }),
};
