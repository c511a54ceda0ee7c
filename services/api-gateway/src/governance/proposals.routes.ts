import {
  GovernanceCommands,
  ProposalStatusSchema,
  ProposalTermsShape,
  refineProposalTerms,
  ReasonSchema,
  UserIdSchema,
  VoteChoiceSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { deriveRequestId } from '../http/idempotency';
import { communityParams, defineRoute, IDEMPOTENT_WRITE_ERRORS, KEYED_ERRORS } from '../http/route';
import { requireActiveMembers, requireCommunityAdmin } from '../members/member.check';
import { EX } from '../openapi/example.ids';
import { GovernancePageShape, proposalNumber } from './governance.params';

const P = EX.proposals;
const proposalParams = () => communityParams({ proposalId: proposalNumber() });

/**
 * A community's proposals to change its economy, and the votes on them (docs/governance.md). The
 * governance service trusts the member ids it is given, so every member a request names must be an active
 * member here (404 naming the field), and a veto's admin an admin (403): a key acts for members, it never
 * invents them. Proposing, voting and withdrawing need the governance scope; vetoing needs admin.
 */
export const PROPOSAL_ROUTES = [
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/governance/proposals',
    operationId: 'listProposals',
    tag: 'governance',
    scope: 'read',
    summary: "The community's proposals, newest first, optionally of one status, a page at a time.",
    params: communityParams(),
    query: z.strictObject({ status: ProposalStatusSchema.optional(), ...GovernancePageShape }),
    response: GovernanceCommands.proposalList.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { query: { status: 'voting', limit: '2' } },
      VALIDATION_FAILED: { query: { status: 'open' } },
    },
    handle: ({ params, query, commands }) =>
      commands.request(GovernanceCommands.proposalList, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/governance/proposals/:proposalId',
    operationId: 'getProposal',
    tag: 'governance',
    scope: 'read',
    summary: 'One proposal: its votes so far, its status, and a veto with who and why.',
    params: proposalParams(),
    response: GovernanceCommands.proposalGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { proposalId: String(P.withdrawn) } },
      NOT_FOUND: { params: { proposalId: String(EX.missing) } },
      VALIDATION_FAILED: { params: { proposalId: '0' } },
    },
    handle: ({ params, commands }) =>
      commands.request(GovernanceCommands.proposalGet, {
        communityId: params.communityId,
        proposalId: params.proposalId,
      }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/governance/proposals',
    operationId: 'createProposal',
    tag: 'governance',
    scope: 'governance',
    summary:
      'Propose, for a member, a new value of a governed parameter (tax, limits, rewards, emission) or a treasury grant to a member; members vote on it.',
    description:
      "Requires an Idempotency-Key header: the same key and header propose once. A treasury grant (parameter treasury.grant, value the amount) names the member it pays in recipientId, which every other parameter leaves out (400). The proposer and the recipient must be active members (404); the proposer must be eligible by the community's governance settings (403 FORBIDDEN, details.reason not_eligible). The value must be within the parameter's bounds and differ from the current value (400), and move it by at most the parameter's largest change (422 LIMIT_EXCEEDED with details.min and max); too many open proposals is 422 LIMIT_EXCEEDED too. A member proposing again within the community's proposalCooldownMs is 429 RATE_LIMITED (details.reason proposal_cooldown, Retry-After). The members who may vote are fixed now.",
    params: communityParams(),
    body: z.strictObject(ProposalTermsShape).superRefine(refineProposalTerms),
    idempotent: true,
    status: 201,
    response: GovernanceCommands.proposalCreate.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'LIMIT_EXCEEDED'],
    examples: {
      ok: {
        body: {
          proposerId: EX.ann,
          parameter: 'ledger.taxBps',
          value: 300,
          title: 'A 3% tax for the lighthouse repairs',
        },
      },
      VALIDATION_FAILED: {
        body: { proposerId: EX.ann, parameter: 'ledger.tax', value: 300, title: 'A 3% tax' },
      },
      IDEMPOTENCY_CONFLICT: {
        body: {
          proposerId: EX.ann,
          parameter: 'ledger.taxBps',
          value: 250,
          title: 'A 3% tax for the lighthouse repairs',
        },
      },
      NOT_FOUND: {
        body: { proposerId: EX.stranger, parameter: 'ledger.taxBps', value: 300, title: 'A 3% tax' },
      },
      LIMIT_EXCEEDED: {
        body: { proposerId: EX.ann, parameter: 'ledger.taxBps', value: 900, title: 'A 9% tax' },
      },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.proposerId, field: 'proposerId', in: 'body' },
        ...(body.recipientId !== undefined
          ? [{ id: body.recipientId, field: 'recipientId', in: 'body' as const }]
          : []),
      ]);
      return commands.request(GovernanceCommands.proposalCreate, {
        requestId: deriveRequestId(key.keyId, 'proposal-create', idempotencyKey),
        communityId: params.communityId,
        ...body,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/governance/proposals/:proposalId/votes',
    operationId: 'voteOnProposal',
    tag: 'governance',
    scope: 'governance',
    summary: "Cast a member's vote, yes or no, on a proposal that is voting.",
    description:
      'No Idempotency-Key: a member votes once, and a second vote (a retry too) is 409 CONFLICT (details.reason already_voted) while the first one counts. Only members eligible when the proposal opened may vote (403 FORBIDDEN, details.reason not_eligible); a proposal no longer voting is 409 CONFLICT (details.reason not_open).',
    params: proposalParams(),
    body: z.strictObject({ voterId: UserIdSchema, choice: VoteChoiceSchema }),
    status: 201,
    response: GovernanceCommands.proposalVote.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { proposalId: String(P.toVote) }, body: { voterId: EX.bob, choice: 'yes' } },
      VALIDATION_FAILED: {
        params: { proposalId: String(P.toVote) },
        body: { voterId: EX.bob, choice: 'maybe' },
      },
      NOT_FOUND: { params: { proposalId: String(EX.missing) }, body: { voterId: EX.bob, choice: 'yes' } },
      CONFLICT: { params: { proposalId: String(P.withdrawn) }, body: { voterId: EX.bob, choice: 'yes' } },
    },
    handle: async ({ params, body, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.voterId, field: 'voterId', in: 'body' },
      ]);
      return commands.request(GovernanceCommands.proposalVote, {
        communityId: params.communityId,
        proposalId: params.proposalId,
        ...body,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/governance/proposals/:proposalId/veto',
    operationId: 'vetoProposal',
    tag: 'governance',
    scope: 'admin',
    summary:
      'Stop a proposal, as an admin of the community, while it votes or waits for its timelock; who and why are shown.',
    description:
      "No Idempotency-Key: vetoing again is 409 CONFLICT (details.reason not_open), as is a proposal already applying or closed. adminId must be an active member (404) whose role is admin or owner (403 FORBIDDEN, details.reason not_admin): the veto is shown in that member's name.",
    params: proposalParams(),
    body: z.strictObject({ adminId: UserIdSchema, reason: ReasonSchema }),
    response: GovernanceCommands.proposalVeto.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: {
        params: { proposalId: String(P.toVeto) },
        body: { adminId: EX.ann, reason: 'The harbor fund is full; revisit in spring.' },
      },
      VALIDATION_FAILED: { params: { proposalId: String(P.toVeto) }, body: { adminId: EX.ann, reason: ' ' } },
      NOT_FOUND: {
        params: { proposalId: String(EX.missing) },
        body: { adminId: EX.ann, reason: 'The harbor fund is full.' },
      },
      FORBIDDEN: {
        params: { proposalId: String(P.toVeto) },
        body: { adminId: EX.bob, reason: 'I do not like it.' },
      },
      CONFLICT: {
        params: { proposalId: String(P.withdrawn) },
        body: { adminId: EX.ann, reason: 'The harbor fund is full.' },
      },
    },
    handle: async ({ params, body, commands }) => {
      await requireCommunityAdmin(commands, params.communityId, {
        id: body.adminId,
        field: 'adminId',
        in: 'body',
      });
      return commands.request(GovernanceCommands.proposalVeto, {
        communityId: params.communityId,
        proposalId: params.proposalId,
        ...body,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/governance/proposals/:proposalId/cancel',
    operationId: 'cancelProposal',
    tag: 'governance',
    scope: 'governance',
    summary: 'Withdraw a proposal for its proposer while it is still voting.',
    description:
      'No Idempotency-Key: withdrawing again is 409 CONFLICT (details.reason not_open), as is a proposal whose vote ended. Anyone but its proposer is 403 FORBIDDEN (details.reason not_proposer).',
    params: proposalParams(),
    body: z.strictObject({ proposerId: UserIdSchema }),
    response: GovernanceCommands.proposalCancel.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { proposalId: String(P.toCancel) }, body: { proposerId: EX.ann } },
      VALIDATION_FAILED: { params: { proposalId: 'latest' }, body: { proposerId: EX.ann } },
      NOT_FOUND: { params: { proposalId: String(EX.missing) }, body: { proposerId: EX.ann } },
      FORBIDDEN: { params: { proposalId: String(P.toVote) }, body: { proposerId: EX.bob } },
      CONFLICT: { params: { proposalId: String(P.withdrawn) }, body: { proposerId: EX.ann } },
    },
    handle: async ({ params, body, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.proposerId, field: 'proposerId', in: 'body' },
      ]);
      return commands.request(GovernanceCommands.proposalCancel, {
        communityId: params.communityId,
        proposalId: params.proposalId,
        proposerId: body.proposerId,
      });
    },
  }),
];
