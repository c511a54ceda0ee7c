import { AmountSchema, ArtifactsCommands, ListingStatusSchema, UserIdSchema } from '@ticketonomics/contracts';
import { z } from 'zod';
import { deriveRequestId } from '../http/idempotency';
import { communityParams, defineRoute, IDEMPOTENT_WRITE_ERRORS, KEYED_ERRORS } from '../http/route';
import { EX } from '../openapi/example.ids';
import { MemberIdSchema } from '../ledger/ledger.routes';
import { requireActiveMembers } from '../members/member.check';
import { artifactNumber, PageQuerySchema } from './artifact.params';

const BuyBodySchema = z.strictObject({
  buyerId: UserIdSchema,
  /** The price the buyer agreed to: 409 CONFLICT if it now costs more. */
  priceMax: AmountSchema.optional(),
});

export const ARTIFACT_ROUTES = [
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/artifacts/types',
    operationId: 'listArtifactTypes',
    tag: 'artifacts',
    scope: 'read',
    summary: "The community's artifact types, oldest first, a page at a time.",
    params: communityParams(),
    query: PageQuerySchema,
    response: ArtifactsCommands.typeList.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '2' } }, VALIDATION_FAILED: { query: { limit: '0' } } },
    handle: ({ params, query, commands }) =>
      commands.request(ArtifactsCommands.typeList, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/artifacts/types/:typeId',
    operationId: 'getArtifactType',
    tag: 'artifacts',
    scope: 'read',
    summary: 'One artifact type with its minted and burned counts and last price.',
    params: communityParams({ typeId: artifactNumber() }),
    response: ArtifactsCommands.typeGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { typeId: String(EX.goldenTicket) } },
      NOT_FOUND: { params: { typeId: String(EX.missing) } },
      VALIDATION_FAILED: { params: { typeId: 'golden-ticket' } },
    },
    handle: ({ params, commands }) =>
      commands.request(ArtifactsCommands.typeGet, { communityId: params.communityId, typeId: params.typeId }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/artifacts/shop',
    operationId: 'browseShop',
    tag: 'artifacts',
    scope: 'read',
    summary: 'Shop items on sale now (open, in their window, in stock), with their types.',
    params: communityParams(),
    query: PageQuerySchema,
    response: ArtifactsCommands.shopBrowse.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '2' } }, VALIDATION_FAILED: { query: { limit: '500' } } },
    handle: ({ params, query, commands }) =>
      commands.request(ArtifactsCommands.shopBrowse, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/shop/:shopItemId/buy',
    operationId: 'buyFromShop',
    tag: 'artifacts',
    scope: 'transfer',
    summary:
      'Buy a new edition from the shop for a member: their tickets are held, the edition minted, the hold posted.',
    description:
      'Requires an Idempotency-Key header: the same key and header buy once. Sold out, not enough tickets or a frozen account is 422.',
    params: communityParams({ shopItemId: artifactNumber() }),
    body: BuyBodySchema,
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.shopBuy.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT', 'SOLD_OUT', 'INSUFFICIENT_FUNDS'],
    examples: {
      ok: { params: { shopItemId: String(EX.shopItem) }, body: { buyerId: EX.ann, priceMax: 25 } },
      VALIDATION_FAILED: { params: { shopItemId: String(EX.shopItem) }, body: { buyerId: 'ann' } },
      IDEMPOTENCY_CONFLICT: { params: { shopItemId: String(EX.shopItem) }, body: { buyerId: EX.bob } },
      NOT_FOUND: { params: { shopItemId: String(EX.missing) }, body: { buyerId: EX.ann } },
      CONFLICT: { params: { shopItemId: String(EX.shopItem) }, body: { buyerId: EX.ann, priceMax: 20 } },
      SOLD_OUT: { params: { shopItemId: String(EX.shopItemSoldOut) }, body: { buyerId: EX.ann } },
      INSUFFICIENT_FUNDS: { params: { shopItemId: String(EX.shopItem) }, body: { buyerId: EX.cy } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.buyerId, field: 'buyerId', in: 'body' },
      ]);
      return commands.request(ArtifactsCommands.shopBuy, {
        requestId: deriveRequestId(key.keyId, 'shop-buy', idempotencyKey),
        communityId: params.communityId,
        buyerId: body.buyerId,
        shopItemId: params.shopItemId,
        ...(body.priceMax !== undefined ? { priceMax: body.priceMax } : {}),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/artifacts/listings',
    operationId: 'browseListings',
    tag: 'artifacts',
    scope: 'read',
    summary: 'Market listings (active by default), cheapest first, optionally of one type, with their types.',
    params: communityParams(),
    query: PageQuerySchema.extend({
      typeId: artifactNumber().optional(),
      status: ListingStatusSchema.optional(),
    }),
    response: ArtifactsCommands.listingBrowse.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { query: { typeId: String(EX.goldenTicket), limit: '2' } },
      VALIDATION_FAILED: { query: { status: 'open' } },
    },
    handle: ({ params, query, commands }) =>
      commands.request(ArtifactsCommands.listingBrowse, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/artifacts/listings/:listingId/buy',
    operationId: 'buyListing',
    tag: 'artifacts',
    scope: 'transfer',
    summary:
      'Buy a listed edition for a member: paid to the seller, the treasury (market fee) and the creator (royalty).',
    description: 'Requires an Idempotency-Key header: the same key and header buy once.',
    params: communityParams({ listingId: artifactNumber() }),
    body: BuyBodySchema,
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.listingBuy.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT', 'SOLD_OUT', 'INSUFFICIENT_FUNDS'],
    examples: {
      ok: { params: { listingId: String(EX.listings.toBuy) }, body: { buyerId: EX.bob } },
      VALIDATION_FAILED: { params: { listingId: String(EX.listings.toBuy) }, body: {} },
      IDEMPOTENCY_CONFLICT: {
        params: { listingId: String(EX.listings.toBuy) },
        body: { buyerId: EX.bob, priceMax: 40 },
      },
      NOT_FOUND: { params: { listingId: String(EX.missing) }, body: { buyerId: EX.bob } },
      CONFLICT: { params: { listingId: String(EX.listings.toBuy) }, body: { buyerId: EX.bob, priceMax: 30 } },
      SOLD_OUT: { params: { listingId: String(EX.listings.sold) }, body: { buyerId: EX.bob } },
      INSUFFICIENT_FUNDS: { params: { listingId: String(EX.listings.standing) }, body: { buyerId: EX.cy } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands }) => {
      await requireActiveMembers(commands, params.communityId, [
        { id: body.buyerId, field: 'buyerId', in: 'body' },
      ]);
      return commands.request(ArtifactsCommands.listingBuy, {
        requestId: deriveRequestId(key.keyId, 'listing-buy', idempotencyKey),
        communityId: params.communityId,
        buyerId: body.buyerId,
        listingId: params.listingId,
        ...(body.priceMax !== undefined ? { priceMax: body.priceMax } : {}),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/artifacts/editions/:editionId',
    operationId: 'getEdition',
    tag: 'artifacts',
    scope: 'read',
    summary: 'One edition with its type and its whole provenance, oldest first.',
    params: communityParams({ editionId: artifactNumber() }),
    response: ArtifactsCommands.editionGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { editionId: String(EX.editions.soldToBob) } },
      NOT_FOUND: { params: { editionId: String(EX.missing) } },
      VALIDATION_FAILED: { params: { editionId: '0' } },
    },
    handle: ({ params, commands }) =>
      commands.request(ArtifactsCommands.editionGet, {
        communityId: params.communityId,
        editionId: params.editionId,
      }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/members/:memberId/inventory',
    operationId: 'getInventory',
    tag: 'artifacts',
    scope: 'read',
    summary: "A member's editions, newest first, and their collection's value at each type's last price.",
    params: communityParams({ memberId: MemberIdSchema }),
    query: PageQuerySchema,
    response: ArtifactsCommands.inventoryGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { params: { memberId: EX.bob }, query: { limit: '2' } },
      VALIDATION_FAILED: { params: { memberId: 'bob keller' } },
    },
    handle: ({ params, query, commands }) =>
      commands.request(ArtifactsCommands.inventoryGet, {
        communityId: params.communityId,
        memberId: params.memberId,
        ...query,
      }),
  }),
];
