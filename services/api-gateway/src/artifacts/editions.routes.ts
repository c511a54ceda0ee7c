import {
  AmountSchema,
  ArtifactNumberSchema,
  ArtifactsCommands,
  UserIdSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { deriveRequestId } from '../http/idempotency';
import { communityParams, defineRoute, IDEMPOTENT_WRITE_ERRORS, KEYED_ERRORS } from '../http/route';
import { EX } from '../openapi/example.ids';
import { requireActiveMembers } from '../members/member.check';
import { artifactNumber } from './artifact.params';

/**
 * What a member does with their own editions, through a game or web app: list one for sale, take the
 * listing back, give one away, destroy one. These move value, so they need the transfer scope; the member
 * named must be an active member of the key's community (404 otherwise), and the artifacts service checks
 * that they own the edition.
 */
export const EDITION_ROUTES = [
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/listings',
    operationId: 'createListing',
    tag: 'artifacts',
    scope: 'transfer',
    summary:
      "List a member's edition on the market at a price (it stays locked as listed until sold or cancelled).",
    description:
      'Requires an Idempotency-Key header: the same key and header list once. An edition the seller does not own, already listed or offered in a trade is 409 CONFLICT (details.reason not_owner, listed, in_trade).',
    params: communityParams(),
    body: z.strictObject({ sellerId: UserIdSchema, editionId: ArtifactNumberSchema, price: AmountSchema }),
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.listingCreate.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { body: { sellerId: EX.ann, editionId: EX.editions.toList, price: 40 } },
      VALIDATION_FAILED: { body: { sellerId: EX.ann, editionId: EX.editions.toList, price: 0 } },
      IDEMPOTENCY_CONFLICT: { body: { sellerId: EX.ann, editionId: EX.editions.toList, price: 45 } },
      NOT_FOUND: { body: { sellerId: EX.stranger, editionId: EX.editions.toList, price: 40 } },
      CONFLICT: { body: { sellerId: EX.ann, editionId: EX.editions.listedForGood, price: 40 } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.sellerId, field: 'sellerId', in: 'body' },
      ]);
      return commands.request(ArtifactsCommands.listingCreate, {
        requestId: deriveRequestId(key.keyId, 'listing-create', idempotencyKey),
        communityId: params.communityId,
        ...body,
      });
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/communities/:communityId/artifacts/listings/:listingId',
    operationId: 'cancelListing',
    tag: 'artifacts',
    scope: 'transfer',
    summary: 'Take a listing off the market (its seller only); the edition is owned, unlocked, again.',
    description:
      "The seller is named in the query (?sellerId=), since some HTTP clients drop the body of a DELETE. Repeating it answers the cancelled listing; another member's listing is 403 FORBIDDEN, one already sold 409 CONFLICT.",
    params: communityParams({ listingId: artifactNumber() }),
    query: z.strictObject({ sellerId: UserIdSchema }),
    response: ArtifactsCommands.listingCancel.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { listingId: String(EX.listings.toCancel) }, query: { sellerId: EX.ann } },
      VALIDATION_FAILED: { params: { listingId: String(EX.listings.toCancel) } },
      NOT_FOUND: { params: { listingId: String(EX.missing) }, query: { sellerId: EX.ann } },
      FORBIDDEN: { params: { listingId: String(EX.listings.standing) }, query: { sellerId: EX.bob } },
      CONFLICT: { params: { listingId: String(EX.listings.sold) }, query: { sellerId: EX.ann } },
    },
    handle: async ({ params, query, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: query.sellerId, field: 'sellerId', in: 'query' },
      ]);
      return commands.request(ArtifactsCommands.listingCancel, {
        communityId: params.communityId,
        listingId: params.listingId,
        sellerId: query.sellerId,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/editions/:editionId/gift',
    operationId: 'giftEdition',
    tag: 'artifacts',
    scope: 'transfer',
    summary: "Give a member's edition to another member, for nothing.",
    description:
      'Requires an Idempotency-Key header: the same key and header give once. An edition listed or offered in a trade is 409 CONFLICT (cancel the listing or the offer first).',
    params: communityParams({ editionId: artifactNumber() }),
    body: z
      .strictObject({ fromId: UserIdSchema, toId: UserIdSchema })
      .refine((body) => body.fromId !== body.toId, {
        path: ['toId'],
        message: 'must be another member than fromId',
      }),
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.editionGift.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { editionId: String(EX.editions.toGift) }, body: { fromId: EX.ann, toId: EX.bob } },
      VALIDATION_FAILED: {
        params: { editionId: String(EX.editions.toGift) },
        body: { fromId: EX.ann, toId: EX.ann },
      },
      IDEMPOTENCY_CONFLICT: {
        params: { editionId: String(EX.editions.toGift) },
        body: { fromId: EX.ann, toId: EX.cy },
      },
      NOT_FOUND: {
        params: { editionId: String(EX.editions.toGift) },
        body: { fromId: EX.ann, toId: EX.stranger },
      },
      CONFLICT: {
        params: { editionId: String(EX.editions.listedForGood) },
        body: { fromId: EX.ann, toId: EX.bob },
      },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.fromId, field: 'fromId', in: 'body' },
        { id: body.toId, field: 'toId', in: 'body' },
      ]);
      return commands.request(ArtifactsCommands.editionGift, {
        requestId: deriveRequestId(key.keyId, 'edition-gift', idempotencyKey),
        communityId: params.communityId,
        editionId: params.editionId,
        fromId: body.fromId,
        toId: body.toId,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/editions/:editionId/burn',
    operationId: 'burnEdition',
    tag: 'artifacts',
    scope: 'transfer',
    summary: "Destroy a member's edition for good (its serial number is never reissued).",
    description:
      'Requires an Idempotency-Key header: the same key and header burn once. An edition listed or offered in a trade is 409 CONFLICT.',
    params: communityParams({ editionId: artifactNumber() }),
    body: z.strictObject({ ownerId: UserIdSchema }),
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.editionBurn.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { editionId: String(EX.editions.toBurn) }, body: { ownerId: EX.ann } },
      VALIDATION_FAILED: { params: { editionId: String(EX.editions.toBurn) }, body: { owner: EX.ann } },
      IDEMPOTENCY_CONFLICT: { params: { editionId: String(EX.editions.toBurn) }, body: { ownerId: EX.bob } },
      NOT_FOUND: { params: { editionId: String(EX.editions.toBurn) }, body: { ownerId: EX.stranger } },
      CONFLICT: { params: { editionId: String(EX.editions.listedForGood) }, body: { ownerId: EX.ann } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.ownerId, field: 'ownerId', in: 'body' },
      ]);
      return commands.request(ArtifactsCommands.editionBurn, {
        requestId: deriveRequestId(key.keyId, 'edition-burn', idempotencyKey),
        communityId: params.communityId,
        editionId: params.editionId,
        ownerId: body.ownerId,
      });
    },
  }),
];
