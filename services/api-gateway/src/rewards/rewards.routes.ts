import {
  AmountSchema,
  ArtifactNumberSchema,
  ArtifactsCommands,
  LedgerCommands,
  MemoSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { deriveRequestId } from '../http/idempotency';
import { communityParams, defineRoute, intFromString, IDEMPOTENT_WRITE_ERRORS } from '../http/route';
import { EX } from '../openapi/example.ids';
import { MemberIdSchema, memberAccountId, NOT_A_MEMBER } from '../ledger/ledger.routes';
import { requireActiveMembers, requireLedgerMembers } from '../members/member.check';

export const REWARD_ROUTES = [
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/rewards',
    operationId: 'payReward',
    tag: 'rewards',
    scope: 'reward',
    summary: 'Reward a member: mint new tickets to their account (a game win, a quest, a tournament prize).',
    description:
      'Requires an Idempotency-Key header: the same key and header mint once. The member must have joined the community (their account is opened then), else 404.',
    params: communityParams(),
    body: z.strictObject({ memberId: MemberIdSchema, amount: AmountSchema, memo: MemoSchema.default('') }),
    idempotent: true,
    status: 201,
    // The same shape as a payment's answer: a reward is a transfer from the issuance account, never taxed.
    response: LedgerCommands.transferCreate.response,
    fields: { accountId: { field: 'memberId', in: 'body', notFound: NOT_A_MEMBER } },
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND'],
    examples: {
      ok: { body: { memberId: EX.bob, amount: 50, memo: 'Won the Friday quiz' } },
      VALIDATION_FAILED: { body: { memberId: EX.bob, amount: 0 } },
      IDEMPOTENCY_CONFLICT: { body: { memberId: EX.bob, amount: 60, memo: 'Won the Friday quiz' } },
      NOT_FOUND: { body: { memberId: EX.stranger, amount: 50 } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands, memberships }) => {
      await requireLedgerMembers(commands, memberships, params.communityId, [
        { id: body.memberId, accountField: 'accountId' },
      ]);
      return {
        transfer: await commands.request(LedgerCommands.supplyMint, {
          id: deriveRequestId(key.keyId, 'reward', idempotencyKey),
          accountId: memberAccountId(params.communityId, body.memberId),
          amount: body.amount,
          memo: body.memo,
        }),
        tax: null,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/types/:typeId/grant',
    operationId: 'grantArtifact',
    tag: 'rewards',
    scope: 'reward',
    summary:
      "Reward a member with a new edition of an artifact type, for free (counts against the type's supply).",
    description:
      'Requires an Idempotency-Key header: the same key and header grant once. The member must be an active member of the community, else 404 (details.field memberId).',
    params: communityParams({ typeId: intFromString(ArtifactNumberSchema) }),
    body: z.strictObject({ memberId: MemberIdSchema }),
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.editionGrant.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'SOLD_OUT'],
    examples: {
      ok: { params: { typeId: String(EX.goldenTicket) }, body: { memberId: EX.cy } },
      VALIDATION_FAILED: { params: { typeId: '0' }, body: { memberId: EX.cy } },
      IDEMPOTENCY_CONFLICT: { params: { typeId: String(EX.goldenTicket) }, body: { memberId: EX.bob } },
      NOT_FOUND: { params: { typeId: String(EX.goldenTicket) }, body: { memberId: EX.stranger } },
      SOLD_OUT: { params: { typeId: String(EX.lighthouseBadge) }, body: { memberId: EX.cy } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.memberId, field: 'memberId', in: 'body' },
      ]);
      return commands.request(ArtifactsCommands.editionGrant, {
        requestId: deriveRequestId(key.keyId, 'grant', idempotencyKey),
        communityId: params.communityId,
        typeId: params.typeId,
        toId: body.memberId,
      });
    },
  }),
];
