import {
  AccountIdSchema,
  AccountsCommands,
  AmountSchema,
  ArtifactNumberSchema,
  ArtifactsCommands,
  CommunitySchema,
  CursorSchema,
  DomainError,
  GovernanceCommands,
  IsoTimeSchema,
  LedgerCommands,
  ListingStatusSchema,
  MembershipSchema,
  MemoSchema,
  PageSizeSchema,
  PoolCommands,
  PoolStatusSchema,
  ProposalStatusSchema,
  TradeStatusSchema,
  TransferCodeSchema,
  UsernameQuerySchema,
  VoteChoiceSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { artifactNumber, PageQuerySchema } from '../artifacts/artifact.params';
import { deriveRequestId } from '../http/idempotency';
import {
  communityParams,
  defineRoute,
  IDEMPOTENT_WRITE_ERRORS,
  intFromString,
  KEYED_ERRORS,
} from '../http/route';
import { memberAccountId } from '../ledger/ledger.routes';
import { EX } from '../openapi/example.ids';
import { memberOf, runAsMember } from './member.delegate';

/**
 * The wallet's routes: what a member signed in to the Mini App (or the browser wallet) does as themself,
 * in a community they are an active member of (the router checks both before a handler runs: 401 without a
 * valid session, 403 FORBIDDEN for a community they do not belong to). Each runs the integration route of
 * the same act with the acting member fixed to the session's user, so the economy's rules live once.
 */
const TAG = 'wallet';
const PREFIX = '/v1/app/communities/:communityId';

const PriceMaxBodySchema = z.strictObject({
  /** The price the member confirmed: 409 CONFLICT if it now costs more. */
  priceMax: AmountSchema.optional(),
});

export const WalletCommunitySchema = z.strictObject({
  community: CommunitySchema,
  membership: MembershipSchema,
  accountId: AccountIdSchema,
});

export const PaymentBodySchema = z.strictObject({
  /** The member paid, by @username (the '@' is optional). */
  to: UsernameQuerySchema,
  amount: AmountSchema,
  memo: MemoSchema.default(''),
});

export const WALLET_ROUTES = [
  defineRoute({
    method: 'GET',
    path: PREFIX,
    operationId: 'walletGetCommunity',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'The community as the signed-in member sees it: its title, their membership and ledger account.',
    params: communityParams(),
    response: WalletCommunitySchema,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: {}, VALIDATION_FAILED: { params: { communityId: 'Demo Town' } } },
    handle: async ({ params, commands, ...context }) => {
      const member = memberOf(context);
      const [community, membership] = await Promise.all([
        commands.request(AccountsCommands.communityGet, { communityId: params.communityId }),
        commands.request(AccountsCommands.membershipGet, {
          communityId: params.communityId,
          userId: member.userId,
        }),
      ]);
      return { community, membership, accountId: memberAccountId(params.communityId, member.userId) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: `${PREFIX}/balance`,
    operationId: 'walletGetBalance',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: "The signed-in member's balance: posted, held (pending) and available now.",
    params: communityParams(),
    response: LedgerCommands.balanceGet.response,
    errors: KEYED_ERRORS,
    examples: { ok: {} },
    handle: (context) =>
      runAsMember('getMemberBalance', context, {
        params: { communityId: context.params.communityId, memberId: memberOf(context).userId },
      }) as never,
  }),
  defineRoute({
    method: 'GET',
    path: `${PREFIX}/transfers`,
    operationId: 'walletListTransfers',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary:
      "The signed-in member's history, newest first, a page at a time; filter by kind (code) and time.",
    params: communityParams(),
    query: z.strictObject({
      code: TransferCodeSchema.optional(),
      fromTime: IsoTimeSchema.optional(),
      toTime: IsoTimeSchema.optional(),
      cursor: CursorSchema.optional(),
      limit: intFromString(PageSizeSchema).optional(),
    }),
    response: LedgerCommands.transferHistory.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { query: { code: 'payment', limit: '2' } },
      VALIDATION_FAILED: { query: { code: 'gift' } },
    },
    handle: (context) =>
      runAsMember('listTransfers', context, {
        params: { communityId: context.params.communityId },
        query: { ...context.query, memberId: memberOf(context).userId },
      }) as never,
  }),
  defineRoute({
    method: 'GET',
    path: `${PREFIX}/inventory`,
    operationId: 'walletGetInventory',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: "The signed-in member's artifacts (editions), newest first, and their collection's value.",
    params: communityParams(),
    query: PageQuerySchema,
    response: ArtifactsCommands.inventoryGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '2' } }, VALIDATION_FAILED: { query: { limit: '0' } } },
    handle: (context) =>
      runAsMember('getInventory', context, {
        params: { communityId: context.params.communityId, memberId: memberOf(context).userId },
        query: context.query,
      }) as never,
  }),
  defineRoute({
    method: 'GET',
    path: `${PREFIX}/shop`,
    operationId: 'walletBrowseShop',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'Shop items on sale now (open, in their window, in stock), with their types.',
    params: communityParams(),
    query: PageQuerySchema,
    response: ArtifactsCommands.shopBrowse.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '2' } }, VALIDATION_FAILED: { query: { limit: '500' } } },
    handle: (context) =>
      runAsMember('browseShop', context, {
        params: { communityId: context.params.communityId },
        query: context.query,
      }) as never,
  }),
  defineRoute({
    method: 'POST',
    path: `${PREFIX}/shop/:shopItemId/buy`,
    operationId: 'walletBuyFromShop',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'Buy a new edition from the shop: the member confirmed the price (priceMax).',
    description:
      'Requires an Idempotency-Key header: the same key and header buy once. A price above priceMax is 409 CONFLICT; sold out or not enough tickets is 422.',
    params: communityParams({ shopItemId: artifactNumber() }),
    body: PriceMaxBodySchema,
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.shopBuy.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT', 'SOLD_OUT', 'INSUFFICIENT_FUNDS'],
    examples: {
      ok: { params: { shopItemId: String(EX.shopItem) }, body: { priceMax: 25 } },
      VALIDATION_FAILED: { params: { shopItemId: String(EX.shopItem) }, body: { priceMax: 0 } },
      IDEMPOTENCY_CONFLICT: { params: { shopItemId: String(EX.shopItem) }, body: { priceMax: 30 } },
      NOT_FOUND: { params: { shopItemId: String(EX.missing) }, body: {} },
      CONFLICT: { params: { shopItemId: String(EX.shopItem) }, body: { priceMax: 20 } },
      SOLD_OUT: { params: { shopItemId: String(EX.shopItemSoldOut) }, body: {} },
      INSUFFICIENT_FUNDS: { params: { shopItemId: String(EX.shopItem) }, body: {} },
    },
    handle: (context) =>
      runAsMember('buyFromShop', context, {
        params: context.params,
        body: { ...context.body, buyerId: memberOf(context).userId },
      }) as never,
  }),
  defineRoute({
    method: 'GET',
    path: `${PREFIX}/listings`,
    operationId: 'walletBrowseListings',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'Market listings (active by default), cheapest first, optionally of one type.',
    params: communityParams(),
    query: PageQuerySchema.extend({
      typeId: artifactNumber().optional(),
      status: ListingStatusSchema.optional(),
    }),
    response: ArtifactsCommands.listingBrowse.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '2' } }, VALIDATION_FAILED: { query: { status: 'open' } } },
    handle: (context) =>
      runAsMember('browseListings', context, {
        params: { communityId: context.params.communityId },
        query: context.query,
      }) as never,
  }),
  defineRoute({
    method: 'POST',
    path: `${PREFIX}/listings`,
    operationId: 'walletCreateListing',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: "List one of the member's editions on the market at a price.",
    description:
      'Requires an Idempotency-Key header. An edition the member does not own, already listed or offered in a trade is 409 CONFLICT.',
    params: communityParams(),
    body: z.strictObject({ editionId: ArtifactNumberSchema, price: AmountSchema }),
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.listingCreate.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { body: { editionId: EX.editions.soldToBob, price: 70 } },
      VALIDATION_FAILED: { body: { editionId: EX.editions.soldToBob, price: 0 } },
      IDEMPOTENCY_CONFLICT: { body: { editionId: EX.editions.soldToBob, price: 75 } },
      NOT_FOUND: { body: { editionId: EX.missing, price: 70 } },
      CONFLICT: { body: { editionId: EX.editions.toList, price: 70 } },
    },
    handle: (context) =>
      runAsMember('createListing', context, {
        params: context.params,
        body: { ...context.body, sellerId: memberOf(context).userId },
      }) as never,
  }),
  defineRoute({
    method: 'POST',
    path: `${PREFIX}/listings/:listingId/buy`,
    operationId: 'walletBuyListing',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'Buy a listed edition: the member confirmed the price (priceMax).',
    description: 'Requires an Idempotency-Key header: the same key and header buy once.',
    params: communityParams({ listingId: artifactNumber() }),
    body: PriceMaxBodySchema,
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.listingBuy.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'CONFLICT', 'SOLD_OUT', 'INSUFFICIENT_FUNDS'],
    examples: {
      ok: { params: { listingId: String(EX.listings.standing) }, body: { priceMax: 60 } },
      VALIDATION_FAILED: { params: { listingId: 'cheapest' }, body: {} },
      IDEMPOTENCY_CONFLICT: { params: { listingId: String(EX.listings.standing) }, body: { priceMax: 65 } },
      NOT_FOUND: { params: { listingId: String(EX.missing) }, body: {} },
      CONFLICT: { params: { listingId: String(EX.listings.standing) }, body: { priceMax: 50 } },
      SOLD_OUT: { params: { listingId: String(EX.listings.sold) }, body: {} },
      INSUFFICIENT_FUNDS: { params: { listingId: String(EX.listings.standing) }, body: {} },
    },
    handle: (context) =>
      runAsMember('buyListing', context, {
        params: context.params,
        body: { ...context.body, buyerId: memberOf(context).userId },
      }) as never,
  }),
  defineRoute({
    method: 'DELETE',
    path: `${PREFIX}/listings/:listingId`,
    operationId: 'walletCancelListing',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: "Take one of the member's listings off the market; the edition is theirs, unlocked, again.",
    description:
      "Repeating it answers the cancelled listing; another member's listing is 403 FORBIDDEN, one already sold 409 CONFLICT.",
    params: communityParams({ listingId: artifactNumber() }),
    response: ArtifactsCommands.listingCancel.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { listingId: String(EX.listings.bobsBadge) } },
      VALIDATION_FAILED: { params: { listingId: '0' } },
      NOT_FOUND: { params: { listingId: String(EX.missing) } },
      CONFLICT: { params: { listingId: String(EX.listings.sold) } },
    },
    handle: (context) =>
      runAsMember('cancelListing', context, {
        params: context.params,
        query: { sellerId: memberOf(context).userId },
      }) as never,
  }),
  defineRoute({
    method: 'POST',
    path: `${PREFIX}/payments`,
    operationId: 'walletPay',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'Pay a member of the community by @username (a member payment: tax and limits apply).',
    description:
      'Requires an Idempotency-Key header: the same key and header pay once. An @username no active member here has is 404 (details.field to); paying oneself is 400; not enough tickets, a frozen account or a policy limit is 422.',
    params: communityParams(),
    body: PaymentBodySchema,
    idempotent: true,
    status: 201,
    response: LedgerCommands.transferCreate.response,
    fields: { creditAccountId: { field: 'to', in: 'body' } },
    errors: [
      ...IDEMPOTENT_WRITE_ERRORS,
      'NOT_FOUND',
      'INSUFFICIENT_FUNDS',
      'ACCOUNT_FROZEN',
      'LIMIT_EXCEEDED',
    ],
    examples: {
      ok: { body: { to: '@annmarsh', amount: 120, memo: 'Ferry tickets' } },
      VALIDATION_FAILED: { body: { to: '@annmarsh', amount: 12.5 } },
      IDEMPOTENCY_CONFLICT: { body: { to: '@annmarsh', amount: 150, memo: 'Ferry tickets' } },
      NOT_FOUND: { body: { to: '@nobody_here', amount: 120 } },
      INSUFFICIENT_FUNDS: { body: { to: '@annmarsh', amount: 100 } },
      ACCOUNT_FROZEN: { body: { to: '@annmarsh', amount: 20 } },
      LIMIT_EXCEEDED: { body: { to: '@bobkeller', amount: 3_000 } },
    },
    handle: async (context) => {
      const member = memberOf(context);
      const { communityId } = context.params;
      let payee;
      try {
        payee = await context.commands.request(AccountsCommands.userLookup, {
          communityId,
          username: context.body.to,
        });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') {
          throw new DomainError('NOT_FOUND', `to: no active member ${context.body.to} in this community`, {
            field: 'to',
            in: 'body',
          });
        }
        throw error;
      }
      if (payee.id === member.userId) {
        throw new DomainError('VALIDATION_FAILED', 'to: must be another member than yourself', {
          field: 'to',
          in: 'body',
        });
      }
      return (await runAsMember('createTransfer', context, {
        params: { communityId },
        body: { from: member.userId, to: payee.id, amount: context.body.amount, memo: context.body.memo },
      })) as never;
    },
  }),
  defineRoute({
    method: 'GET',
    path: `${PREFIX}/trades`,
    operationId: 'walletListTrades',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'The trade offers the member made or received, newest first, optionally in one status.',
    params: communityParams(),
    query: PageQuerySchema.extend({ status: TradeStatusSchema.optional() }),
    response: ArtifactsCommands.tradeList.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '2' } }, VALIDATION_FAILED: { query: { status: 'pending' } } },
    handle: (context) =>
      runAsMember('listTrades', context, {
        params: { communityId: context.params.communityId },
        query: { ...context.query, memberId: memberOf(context).userId },
      }) as never,
  }),
  defineRoute({
    method: 'POST',
    path: `${PREFIX}/trades/:tradeId/accept`,
    operationId: 'walletAcceptTrade',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'Accept an open offer made to the member: the editions swap and the offerer is paid.',
    description:
      'Requires an Idempotency-Key header. Only the recipient may accept (403); a closed or expired offer is 409 CONFLICT; not enough tickets is 422.',
    params: communityParams({ tradeId: artifactNumber() }),
    idempotent: true,
    status: 201,
    response: ArtifactsCommands.tradeAccept.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'IDEMPOTENCY_CONFLICT', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { tradeId: String(EX.trades.toAcceptInWallet) } },
      VALIDATION_FAILED: { params: { tradeId: 'latest' } },
      IDEMPOTENCY_CONFLICT: { params: { tradeId: String(EX.trades.toDecline) } },
      NOT_FOUND: { params: { tradeId: String(EX.missing) } },
      CONFLICT: { params: { tradeId: String(EX.trades.accepted) } },
    },
    handle: (context) =>
      runAsMember('acceptTrade', context, {
        params: context.params,
        body: { byId: memberOf(context).userId },
      }) as never,
  }),
  defineRoute({
    method: 'POST',
    path: `${PREFIX}/trades/:tradeId/decline`,
    operationId: 'walletDeclineTrade',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'Decline an offer made to the member, or cancel one they made; the offered editions unlock.',
    description: 'Repeating it answers the closed offer. An accepted offer is 409 CONFLICT.',
    params: communityParams({ tradeId: artifactNumber() }),
    response: ArtifactsCommands.tradeDecline.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { tradeId: String(EX.trades.toDecline) } },
      VALIDATION_FAILED: { params: { tradeId: 'latest' } },
      NOT_FOUND: { params: { tradeId: String(EX.missing) } },
      CONFLICT: { params: { tradeId: String(EX.trades.accepted) } },
    },
    handle: (context) =>
      runAsMember('declineTrade', context, {
        params: context.params,
        body: { byId: memberOf(context).userId },
      }) as never,
  }),
  defineRoute({
    method: 'GET',
    path: `${PREFIX}/proposals`,
    operationId: 'walletListProposals',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: "The community's proposals, newest first, optionally of one status, with their votes so far.",
    params: communityParams(),
    query: PageQuerySchema.extend({ status: ProposalStatusSchema.optional() }),
    response: GovernanceCommands.proposalList.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '2' } }, VALIDATION_FAILED: { query: { status: 'won' } } },
    handle: ({ params, query, commands }) =>
      commands.request(GovernanceCommands.proposalList, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'POST',
    path: `${PREFIX}/proposals/:proposalId/vote`,
    operationId: 'walletVote',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'Vote yes or no on an open proposal, as the signed-in member (once: a second vote is 409).',
    description:
      'No Idempotency-Key: a member votes once, so a repeat is 409 CONFLICT and changes nothing. Only members eligible when the proposal opened may vote (403).',
    params: communityParams({ proposalId: intFromString(z.number().int().positive()) }),
    body: z.strictObject({ choice: VoteChoiceSchema }),
    response: GovernanceCommands.proposalVote.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'CONFLICT'],
    examples: {
      ok: { params: { proposalId: String(EX.proposal) }, body: { choice: 'yes' } },
      VALIDATION_FAILED: { params: { proposalId: String(EX.proposal) }, body: { choice: 'maybe' } },
      NOT_FOUND: { params: { proposalId: String(EX.missing) }, body: { choice: 'yes' } },
      CONFLICT: { params: { proposalId: String(EX.proposal) }, body: { choice: 'no' } },
    },
    handle: ({ params, body, commands, ...context }) =>
      commands.request(GovernanceCommands.proposalVote, {
        communityId: params.communityId,
        proposalId: params.proposalId,
        voterId: memberOf(context).userId,
        choice: body.choice,
      }),
  }),
  defineRoute({
    method: 'GET',
    path: `${PREFIX}/pools`,
    operationId: 'walletListPools',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: "The community's cooperation pools, newest first, optionally of one status.",
    params: communityParams(),
    query: PageQuerySchema.extend({ status: PoolStatusSchema.optional() }),
    response: PoolCommands.poolList.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { status: 'open' } }, VALIDATION_FAILED: { query: { status: 'full' } } },
    handle: ({ params, query, commands }) =>
      commands.request(PoolCommands.poolList, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'POST',
    path: `${PREFIX}/pools/:poolId/pledges`,
    operationId: 'walletPledge',
    tag: TAG,
    scope: null,
    auth: 'session',
    summary: 'Pledge tickets to an open pool: they are held until the pool pays out or releases them.',
    description:
      'Requires an Idempotency-Key header: the same key and header pledge once. Not enough tickets is 422; a pool no longer open is refused too.',
    params: communityParams({ poolId: intFromString(z.number().int().positive()) }),
    body: z.strictObject({ amount: AmountSchema }),
    idempotent: true,
    status: 201,
    response: PoolCommands.poolPledge.response,
    errors: [...IDEMPOTENT_WRITE_ERRORS, 'NOT_FOUND', 'INSUFFICIENT_FUNDS'],
    examples: {
      ok: { params: { poolId: String(EX.pool) }, body: { amount: 100 } },
      VALIDATION_FAILED: { params: { poolId: String(EX.pool) }, body: { amount: -5 } },
      IDEMPOTENCY_CONFLICT: { params: { poolId: String(EX.pool) }, body: { amount: 120 } },
      NOT_FOUND: { params: { poolId: String(EX.missing) }, body: { amount: 100 } },
      INSUFFICIENT_FUNDS: { params: { poolId: String(EX.pool) }, body: { amount: 100 } },
    },
    handle: ({ params, body, key, idempotencyKey, commands, ...context }) =>
      commands.request(PoolCommands.poolPledge, {
        requestId: deriveRequestId(key.keyId, 'pool-pledge', idempotencyKey),
        communityId: params.communityId,
        poolId: params.poolId,
        memberId: memberOf(context).userId,
        amount: body.amount,
      }),
  }),
];
