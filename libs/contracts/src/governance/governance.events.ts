import { z } from 'zod';
import { defineEvent, type EventSpec } from '../command';
import { CommunityIdSchema } from '../primitives';
import {
  GOVERNANCE_SETTINGS_DEFAULT,
  GovernanceSettingsSchema,
  ParameterChangeSchema,
  ProposalSchema,
  VoteSchema,
  type Proposal,
} from './governance.schemas';

const time = '2026-12-01T12:00:00.000Z';
const community = 'demo';
const alice = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S';
const bob = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7T';
const admin = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7V';

const exampleProposal: Proposal = {
  communityId: community,
  id: 1,
  proposerId: alice,
  title: 'Raise the tax to 3% for the winter fund',
  parameter: 'ledger.taxBps',
  currentValue: 200,
  proposedValue: 300,
  recipientId: null,
  thresholdBps: 6_667,
  quorumBps: 2_000,
  timelockMs: 86_400_000,
  status: 'voting',
  eligibleCount: 12,
  yes: 0,
  no: 0,
  createdAt: time,
  votingEndsAt: '2026-12-04T12:00:00.000Z',
  decidedAt: null,
  appliesAt: null,
  rejectedFor: null,
  veto: null,
  cancelledAt: null,
  appliedAt: null,
  failure: null,
};

const decided = {
  ...exampleProposal,
  yes: 9,
  no: 2,
  decidedAt: '2026-12-04T12:00:00.000Z',
};

export const ProposalVotedDataSchema = z.strictObject({
  communityId: CommunityIdSchema,
  vote: VoteSchema,
  proposal: ProposalSchema,
});

const NOTE = 'Data: the proposal after it. communityid is the community id; subject is the proposal number.';

export const GovernanceEvents = {
  settingsUpdated: defineEvent({
    type: 'tk.evt.governance.settings.updated',
    summary: `A community's governance rules changed. Data: the rules after the change. communityid and subject are the community id.`,
    data: GovernanceSettingsSchema,
    example: {
      communityId: community,
      ...GOVERNANCE_SETTINGS_DEFAULT,
      quorumBps: 2_500,
      version: 1,
      updatedAt: time,
    },
  }),
  proposalCreated: defineEvent({
    type: 'tk.evt.governance.proposal.created',
    summary: `A member proposed a new value for a governed parameter; its voters are fixed. ${NOTE}`,
    data: ProposalSchema,
    example: exampleProposal,
  }),
  proposalVoted: defineEvent({
    type: 'tk.evt.governance.proposal.voted',
    summary: `An eligible member voted. Data: the vote and the proposal's counts after it. communityid is the community id; subject is the proposal number.`,
    data: ProposalVotedDataSchema,
    example: {
      communityId: community,
      vote: { communityId: community, proposalId: 1, voterId: bob, choice: 'yes', at: time },
      proposal: { ...exampleProposal, yes: 1 },
    },
  }),
  proposalPassed: defineEvent({
    type: 'tk.evt.governance.proposal.passed',
    summary: `Voting ended with the quorum and the threshold met; it applies after its timelock unless vetoed. ${NOTE}`,
    data: ProposalSchema,
    example: { ...decided, status: 'passed', appliesAt: '2026-12-05T12:00:00.000Z' },
  }),
  proposalRejected: defineEvent({
    type: 'tk.evt.governance.proposal.rejected',
    summary: `Voting ended without the quorum or the threshold (rejectedFor says which). ${NOTE}`,
    data: ProposalSchema,
    example: { ...decided, yes: 1, no: 2, status: 'rejected', rejectedFor: 'threshold' },
  }),
  proposalVetoed: defineEvent({
    type: 'tk.evt.governance.proposal.vetoed',
    summary: `An admin stopped a proposal during its vote or timelock; veto names who and why. ${NOTE}`,
    data: ProposalSchema,
    example: {
      ...exampleProposal,
      status: 'vetoed',
      veto: { by: admin, reason: 'Not this month.', at: time },
    },
  }),
  proposalCancelled: defineEvent({
    type: 'tk.evt.governance.proposal.cancelled',
    summary: `The proposer withdrew a proposal during its vote. ${NOTE}`,
    data: ProposalSchema,
    example: { ...exampleProposal, status: 'cancelled', cancelledAt: time },
  }),
  proposalApplied: defineEvent({
    type: 'tk.evt.governance.proposal.applied',
    summary: `A passed proposal's change was made, once, through the owning service's command. ${NOTE}`,
    data: ProposalSchema,
    example: {
      ...decided,
      status: 'applied',
      appliesAt: '2026-12-05T12:00:00.000Z',
      appliedAt: '2026-12-05T12:00:01.000Z',
    },
  }),
  proposalFailed: defineEvent({
    type: 'tk.evt.governance.proposal.failed',
    summary: `The owning service refused a passed proposal's change (failure says why); nothing changed. ${NOTE}`,
    data: ProposalSchema,
    example: {
      ...decided,
      status: 'failed',
      appliesAt: '2026-12-05T12:00:00.000Z',
      failure: 'VALIDATION_FAILED: transferMin must not exceed transferMax',
    },
  }),
  proposalExpired: defineEvent({
    type: 'tk.evt.governance.proposal.expired',
    summary: `A passed proposal could not be applied within its window (the owning service stayed unreachable); nothing changed. ${NOTE}`,
    data: ProposalSchema,
    example: { ...decided, status: 'expired', appliesAt: '2026-12-05T12:00:00.000Z' },
  }),
  parameterChanged: defineEvent({
    type: 'tk.evt.governance.parameter.changed',
    summary:
      'A governed parameter changed, by a vote (source proposal) or by an admin, or a vote paid a treasury grant (parameter treasury.grant, newValue the amount, recipientId the member): one entry of the public history. communityid is the community id; subject is the parameter id.',
    data: ParameterChangeSchema,
    example: {
      communityId: community,
      seq: 1,
      parameter: 'ledger.taxBps',
      oldValue: 200,
      newValue: 300,
      recipientId: null,
      source: 'proposal',
      proposalId: 1,
      at: time,
    },
  }),
};

/** The CloudEvent `subject` and `communityid` of a governance event, from its data. */
export function governanceEventAddress(
  spec: EventSpec,
  data: unknown,
): { subject: string; communityId: string } {
  const value = data as Record<string, unknown> & { communityId: string };
  switch (spec.type) {
    case GovernanceEvents.settingsUpdated.type:
      return { subject: value.communityId, communityId: value.communityId };
    case GovernanceEvents.proposalVoted.type:
      return { subject: String((value['proposal'] as Proposal).id), communityId: value.communityId };
    case GovernanceEvents.parameterChanged.type:
      return { subject: String(value['parameter']), communityId: value.communityId };
    default:
      if (!Object.values(GovernanceEvents).some((event) => event.type === spec.type)) {
        throw new Error(`${spec.type} is not a governance event`);
      }
      return { subject: String(value['id']), communityId: value.communityId };
  }
}
