import {
  AmountSchema,
  POOL_LIMITS,
  PoolCommands,
  PoolIdSchema,
  PoolStatusSchema,
  PoolTermsShape,
  refinePoolTerms,
  UserIdSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { deriveRequestId } from '../http/idempotency';
import {
  communityParams,
  defineRoute,
  intFromString,
  IDEMPOTENT_WRITE_ERRORS,
  KEYED_ERRORS,
} from '../http/route';
import { requireActiveMembers } from '../members/member.check';
import { EX } from '../openapi/example.ids';
import { GovernancePageShape } from './governance.params';

const poolParams = () => communityParams({ poolId: intFromString(PoolIdSchema) });
const HOLD_DAYS_MAX = Math.floor(POOL_LIMITS.deadlineInMsMax / 3_600_000);

/**
 * Cooperation pools: members pledge tickets towards a target by a deadline; reaching it posts every
 * pledge at once, missing it releases them (docs/governance.md). Opening or cancelling one commits no
 * one's money, so it needs the governance scope; a pledge holds a member's tickets in the ledger, so it needs
 * transfer, like a payment. An admin's cancel of another member's pool (asAdmin) is not offered here. Every member a request names must be an active member here (404 naming the field).
 */
export const POOL_ROUTES = [
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/governance/pools',
    operationId: 'listPools',
    tag: 'governance',
    scope: 'read',
    summary: "The community's cooperation pools, newest first, optionally of one status, a page at a time.",
    params: communityParams(),
    query: z.strictObject({ status: PoolStatusSchema.optional(), ...GovernancePageShape }),
    response: PoolCommands.poolList.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { query: { status: 'open', limit: '2' } },
      VALIDATION_FAILED: { query: { status: 'closed' } },
    },
    handle: ({ params, query, commands }) =>
      commands.request(PoolCommands.poolList, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/governance/pools/:poolId',
    operationId: 'getPool',
    tag: 'governance',
    scope: 'read',
    summary: 'One pool: its target, deadline, what is pledged, its status, and its pledges oldest first.',
    params: poolParams(),
    response: PoolCommands.poolGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { poolId: String(EX.pools.open) } },
      NOT_FOUND: { params: { poolId: String(EX.missing) } },
      VALIDATION_FAILED: { params: { poolId: '0' } },
    },
    handle: ({ params, commands }) =>
      commands.request(PoolCommands.poolGet, { communityId: params.communityId, poolId: params.poolId }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/governance/pools',
    operationId: 'openPool',
    tag: 'governance',
    scope: 'governance',
    summary:
      'Open a cooperation pool for a member: a target amount and a deadline, for the treasury, a prize to one member, or an artifact for the group.',
    description: `Requires an Idempotency-Key header: the same key and header open once. The opener, and the recipient of a prize (recipientId, only for purpose prize: 400 otherwise), must be active members (404). The deadline is from a second to ${HOLD_DAYS_MAX} hours ahead (a pledge is a ledger hold, which lasts at most 7 days): 400 otherwise. At most ${POOL_LIMITS.openPoolsMax} pools are open at once in a community (422 LIMIT_EXCEEDED past that).`,
    params: communityParams(),
    body: z.strictObject(PoolTermsShape).superRefine(refinePoolTerms),
    idempotent: true,
    status: 201,
    response: PoolCommands.poolOpen.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND'],
    examples: {
      ok: {
        body: {
          openerId: EX.bob,
          title: 'A new sail for the harbor boat',
          purpose: 'treasury',
          targetAmount: 800,
          deadline: EX.poolDeadline,
        },
      },
      VALIDATION_FAILED: {
        body: {
          openerId: EX.bob,
          title: 'A prize for the regatta winner',
          purpose: 'prize',
          targetAmount: 300,
          deadline: EX.poolDeadline,
        },
      },
      IDEMPOTENCY_CONFLICT: {
        body: {
          openerId: EX.bob,
          title: 'A new sail for the harbor boat',
          purpose: 'treasury',
          targetAmount: 900,
          deadline: EX.poolDeadline,
        },
      },
      NOT_FOUND: {
        body: {
          openerId: EX.bob,
          title: 'A prize for the regatta winner',
          purpose: 'prize',
          recipientId: EX.stranger,
          targetAmount: 300,
          deadline: EX.poolDeadline,
        },
      },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.openerId, field: 'openerId', in: 'body' },
        ...(body.recipientId !== undefined
          ? [{ id: body.recipientId, field: 'recipientId', in: 'body' as const }]
          : []),
      ]);
      return commands.request(PoolCommands.poolOpen, {
        requestId: deriveRequestId(key.keyId, 'pool-open', idempotencyKey),
        communityId: params.communityId,
        ...body,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/governance/pools/:poolId/pledges',
    operationId: 'pledgeToPool',
    tag: 'governance',
    scope: 'transfer',
    summary:
      "Pledge a member's tickets to an open pool: they are held in the ledger until the pool reaches its target (all posted at once) or is released.",
    description: `Requires an Idempotency-Key header: the same key and header pledge (and hold) once. Not enough tickets is 422 INSUFFICIENT_FUNDS, a frozen account 422 ACCOUNT_FROZEN; a pool no longer open or past its deadline is 409 CONFLICT (details.reason not_open or deadline_passed); a pool with ${POOL_LIMITS.pledgesMax} pledges is 422 LIMIT_EXCEEDED. The pledge that reaches the target settles the pool before the answer, which shows it settled.`,
    params: poolParams(),
    body: z.strictObject({ memberId: UserIdSchema, amount: AmountSchema }),
    idempotent: true,
    status: 201,
    response: PoolCommands.poolPledge.response,
    fields: { debitAccountId: { field: 'memberId', in: 'body' } },
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT', 'INSUFFICIENT_FUNDS', 'ACCOUNT_FROZEN'],
    examples: {
      ok: { params: { poolId: String(EX.pools.open) }, body: { memberId: EX.bob, amount: 100 } },
      VALIDATION_FAILED: { params: { poolId: String(EX.pools.open) }, body: { memberId: EX.bob, amount: 0 } },
      IDEMPOTENCY_CONFLICT: {
        params: { poolId: String(EX.pools.open) },
        body: { memberId: EX.bob, amount: 120 },
      },
      NOT_FOUND: { params: { poolId: String(EX.missing) }, body: { memberId: EX.bob, amount: 100 } },
      CONFLICT: { params: { poolId: String(EX.pools.cancelled) }, body: { memberId: EX.bob, amount: 100 } },
      INSUFFICIENT_FUNDS: {
        params: { poolId: String(EX.pools.open) },
        body: { memberId: EX.cy, amount: 50 },
      },
      ACCOUNT_FROZEN: { params: { poolId: String(EX.pools.open) }, body: { memberId: EX.flo, amount: 20 } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.memberId, field: 'memberId', in: 'body' },
      ]);
      return commands.request(PoolCommands.poolPledge, {
        requestId: deriveRequestId(key.keyId, 'pool-pledge', idempotencyKey),
        communityId: params.communityId,
        poolId: params.poolId,
        ...body,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/governance/pools/:poolId/cancel',
    operationId: 'cancelPool',
    tag: 'governance',
    scope: 'governance',
    summary: 'Cancel an open pool for its opener: every pledge is released, and no money moves.',
    description:
      'No Idempotency-Key: cancelling a cancelled pool answers it again. Anyone but its opener is 403 FORBIDDEN (details.reason not_opener); a pool settled, or released by its deadline, is 409 CONFLICT (details.reason not_open).',
    params: poolParams(),
    body: z.strictObject({ openerId: UserIdSchema }),
    response: PoolCommands.poolCancel.response,
    fields: { cancelledBy: { field: 'openerId', in: 'body' } },
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { poolId: String(EX.pools.toCancel) }, body: { openerId: EX.ann } },
      VALIDATION_FAILED: { params: { poolId: 'first' }, body: { openerId: EX.ann } },
      NOT_FOUND: { params: { poolId: String(EX.missing) }, body: { openerId: EX.ann } },
      FORBIDDEN: { params: { poolId: String(EX.pools.open) }, body: { openerId: EX.bob } },
      CONFLICT: { params: { poolId: String(EX.pools.settled) }, body: { openerId: EX.ann } },
    },
    handle: async ({ params, body, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.openerId, field: 'openerId', in: 'body' },
      ]);
      return commands.request(PoolCommands.poolCancel, {
        communityId: params.communityId,
        poolId: params.poolId,
        cancelledBy: body.openerId,
        asAdmin: false,
      });
    },
  }),
];
