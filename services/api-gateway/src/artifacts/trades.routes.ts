import {
  ArtifactsCommands,
  refineTradeOffer,
  TradeOfferTermsShape,
  TradeStatusSchema,
  UserIdSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { deriveRequestId } from '../http/idempotency';
import { communityParams, defineRoute, IDEMPOTENT_WRITE_ERRORS, KEYED_ERRORS } from '../http/route';
import { EX } from '../openapi/example.ids';
import { requireActiveMembers } from '../members/member.check';
import { MemberIdSchema } from '../ledger/ledger.routes';
import { artifactNumber, PageQuerySchema } from './artifact.params';

/**
 * An offer as the API takes it: the same fields and rules as trade.offer, checked here too so that a bad
 * one is a 400 naming the body field before anything is asked of a service.
 */
const TradeOfferBodySchema = z
  .strictObject({ fromId: UserIdSchema, toId: UserIdSchema, ...TradeOfferTermsShape })
  .superRefine(refineTradeOffer);

const ByBodySchema = z.strictObject({ byId: UserIdSchema });

/**
 * Trades between members: an offer locks the offered editions until its recipient accepts or declines
 * it, its offerer cancels it (decline by the offerer) or it expires. Offering, accepting and declining move
 * or lock value, so they need the transfer scope; reading needs read.
 */
export const TRADE_ROUTES = [
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/trades',
    operationId: 'offerTrade',
    tag: 'artifacts',
    scope: 'transfer',
    summary:
      "Offer a member's editions to another member for tickets and/or their editions; the offered editions are locked until it closes.",
    description:
      "Requires an Idempotency-Key header: the same key and header offer once. ttlMs defaults to the community's tradeTtlMs. An edition not the offerer's, listed or already offered is 409 CONFLICT.",
    params: communityParams(),
    body: TradeOfferBodySchema,
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.tradeOffer.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { body: { fromId: EX.ann, toId: EX.bob, giveEditionIds: [EX.editions.toOffer], wantAmount: 40 } },
      VALIDATION_FAILED: { body: { fromId: EX.ann, toId: EX.bob, giveEditionIds: [], wantAmount: 40 } },
      IDEMPOTENCY_CONFLICT: {
        body: { fromId: EX.ann, toId: EX.bob, giveEditionIds: [EX.editions.toOffer], wantAmount: 55 },
      },
      NOT_FOUND: {
        body: { fromId: EX.ann, toId: EX.stranger, giveEditionIds: [EX.editions.toOffer], wantAmount: 40 },
      },
      CONFLICT: {
        body: { fromId: EX.ann, toId: EX.bob, giveEditionIds: [EX.editions.listedForGood], wantAmount: 40 },
      },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.fromId, field: 'fromId', in: 'body' },
        { id: body.toId, field: 'toId', in: 'body' },
      ]);
      return commands.request(ArtifactsCommands.tradeOffer, {
        requestId: deriveRequestId(key.keyId, 'trade-offer', idempotencyKey),
        communityId: params.communityId,
        ...body,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/trades/:tradeId/accept',
    operationId: 'acceptTrade',
    tag: 'artifacts',
    scope: 'transfer',
    summary:
      'Accept an open offer for its recipient: their tickets (if asked) are held, the editions swap, the offerer is paid minus the market fee.',
    description:
      'Requires an Idempotency-Key header: the same key and header accept once. Only the recipient may accept (403); a closed or expired offer is 409 CONFLICT; not enough tickets is 422.',
    params: communityParams({ tradeId: artifactNumber() }),
    body: ByBodySchema,
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.tradeAccept.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { tradeId: String(EX.trades.toAccept) }, body: { byId: EX.bob } },
      VALIDATION_FAILED: { params: { tradeId: String(EX.trades.toAccept) }, body: { by: EX.bob } },
      IDEMPOTENCY_CONFLICT: { params: { tradeId: String(EX.trades.toAccept) }, body: { byId: EX.cy } },
      NOT_FOUND: { params: { tradeId: String(EX.missing) }, body: { byId: EX.bob } },
      FORBIDDEN: { params: { tradeId: String(EX.trades.toDecline) }, body: { byId: EX.cy } },
      CONFLICT: { params: { tradeId: String(EX.trades.accepted) }, body: { byId: EX.bob } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.byId, field: 'byId', in: 'body' },
      ]);
      return commands.request(ArtifactsCommands.tradeAccept, {
        requestId: deriveRequestId(key.keyId, 'trade-accept', idempotencyKey),
        communityId: params.communityId,
        tradeId: params.tradeId,
        byId: body.byId,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/trades/:tradeId/decline',
    operationId: 'declineTrade',
    tag: 'artifacts',
    scope: 'transfer',
    summary:
      'Decline an open offer (by its recipient) or cancel it (by its offerer); the offered editions are unlocked.',
    description:
      'No Idempotency-Key: repeating it answers the closed offer and changes nothing. Anyone else is 403; an accepted offer is 409 CONFLICT.',
    params: communityParams({ tradeId: artifactNumber() }),
    body: ByBodySchema,
    response: ArtifactsCommands.tradeDecline.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { tradeId: String(EX.trades.toDecline) }, body: { byId: EX.bob } },
      VALIDATION_FAILED: { params: { tradeId: 'latest' }, body: { byId: EX.bob } },
      NOT_FOUND: { params: { tradeId: String(EX.missing) }, body: { byId: EX.bob } },
      CONFLICT: { params: { tradeId: String(EX.trades.accepted) }, body: { byId: EX.bob } },
    },
    handle: async ({ params, body, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.byId, field: 'byId', in: 'body' },
      ]);
      return commands.request(ArtifactsCommands.tradeDecline, {
        communityId: params.communityId,
        tradeId: params.tradeId,
        byId: body.byId,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/artifacts/trades',
    operationId: 'listTrades',
    tag: 'artifacts',
    scope: 'read',
    summary:
      'The offers a member made or received, newest first, optionally in one status, a page at a time.',
    params: communityParams(),
    query: PageQuerySchema.extend({ memberId: MemberIdSchema, status: TradeStatusSchema.optional() }),
    response: ArtifactsCommands.tradeList.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { query: { memberId: EX.ann, limit: '2' } },
      VALIDATION_FAILED: { query: { status: 'open' } },
    },
    handle: ({ params, query, commands }) =>
      commands.request(ArtifactsCommands.tradeList, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/artifacts/trades/:tradeId',
    operationId: 'getTrade',
    tag: 'artifacts',
    scope: 'read',
    summary: 'One trade offer: who offers what to whom for what, its status and when it expires.',
    params: communityParams({ tradeId: artifactNumber() }),
    response: ArtifactsCommands.tradeGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { tradeId: String(EX.trades.accepted) } },
      NOT_FOUND: { params: { tradeId: String(EX.missing) } },
      VALIDATION_FAILED: { params: { tradeId: '-1' } },
    },
    handle: ({ params, commands }) =>
      commands.request(ArtifactsCommands.tradeGet, {
        communityId: params.communityId,
        tradeId: params.tradeId,
      }),
  }),
];
