import { z } from 'zod';
import { defineCommand } from '../command';
import { AmountSchema, CommunityIdSchema, CursorSchema, IsoTimeSchema, PageSizeSchema } from '../primitives';
import {
  ARTIFACT_LIMITS,
  ArtifactDescriptionSchema,
  ArtifactNameSchema,
  ArtifactNumberSchema,
  ArtifactRequestIdSchema,
  ArtifactSettingsSchema,
  ArtifactSettingsShape,
  ArtifactTypeSchema,
  BpsSchema,
  EditionDetailSchema,
  EditionSchema,
  EmojiSchema,
  ImageUrlSchema,
  ListingSchema,
  ListingStatusSchema,
  MemberIdSchema,
  PaymentSplitSchema,
  ProvenanceEntrySchema,
  RaritySchema,
  ShopItemSchema,
  TradeSchema,
  TradeStatusSchema,
} from './artifacts.schemas';

/**
 * What the examples run against, in ARTIFACTS_EXAMPLE_ORDER, on a fresh artifacts service and a ledger
 * where alice and bob hold tickets in community `demo`. listingCancel and tradeDecline name a second
 * listing and a second offer, which their test makes first (one example per command cannot both accept
 * and decline the same offer).
 */
const EX = {
  community: 'demo',
  admin: 'admin',
  alice: 'alice',
  bob: 'bob',
} as const;
export const ARTIFACTS_EXAMPLES = EX;

const CommunityRefSchema = z.strictObject({ communityId: CommunityIdSchema });
const EditionRefSchema = z.strictObject({ communityId: CommunityIdSchema, editionId: ArtifactNumberSchema });

const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });

const PageRequestShape = {
  cursor: CursorSchema.optional(),
  limit: PageSizeSchema.optional(),
};

const TypeCreateRequestSchema = z
  .strictObject({
    requestId: ArtifactRequestIdSchema,
    communityId: CommunityIdSchema,
    creatorId: MemberIdSchema,
    /** true: an admin creates it for free (the caller checked the role); false: a member pays the creation fee. */
    asAdmin: z.boolean(),
    name: ArtifactNameSchema,
    description: ArtifactDescriptionSchema.default(''),
    emoji: EmojiSchema.optional(),
    imageUrl: ImageUrlSchema.optional(),
    rarity: RaritySchema.default('common'),
    /** Left out or null: unlimited. */
    supplyMax: z.int().min(1).max(ARTIFACT_LIMITS.supplyMax).nullable().default(null),
    royaltyBps: BpsSchema(ARTIFACT_LIMITS.royaltyBpsMax).default(0),
  })
  .superRefine((value, ctx) => {
    if (value.emoji === undefined && value.imageUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['emoji'], message: 'give an emoji or an imageUrl (or both)' });
    }
  });

/** What a trade offer exchanges, shared by trade.offer and the HTTP API's offer body. */
export const TradeOfferTermsShape = {
  giveEditionIds: z
    .array(ArtifactNumberSchema)
    .min(1, { error: 'offer at least one edition' })
    .max(ARTIFACT_LIMITS.tradeEditionsMax),
  wantEditionIds: z.array(ArtifactNumberSchema).max(ARTIFACT_LIMITS.tradeEditionsMax).default([]),
  wantAmount: z.union([z.literal(0), AmountSchema]).default(0),
  ttlMs: z.int().min(ARTIFACT_LIMITS.tradeTtlMsMin).max(ARTIFACT_LIMITS.tradeTtlMsMax).optional(),
};

/** The rules across an offer's fields: two different members, something asked in return, no repeats. */
export function refineTradeOffer(
  offer: {
    fromId: string;
    toId: string;
    giveEditionIds: number[];
    wantEditionIds: number[];
    wantAmount: number;
  },
  ctx: z.RefinementCtx,
): void {
  if (offer.fromId === offer.toId) {
    ctx.addIssue({ code: 'custom', path: ['toId'], message: 'must be another member than fromId' });
  }
  if (offer.wantEditionIds.length === 0 && offer.wantAmount === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['wantAmount'],
      message: 'ask for tickets or editions in return (giving for nothing is a gift)',
    });
  }
  const all = [...offer.giveEditionIds, ...offer.wantEditionIds];
  if (new Set(all).size !== all.length) {
    ctx.addIssue({ code: 'custom', path: ['giveEditionIds'], message: 'must not repeat an edition' });
  }
}

const TradeOfferRequestSchema = z
  .strictObject({
    requestId: ArtifactRequestIdSchema,
    communityId: CommunityIdSchema,
    fromId: MemberIdSchema,
    toId: MemberIdSchema,
    ...TradeOfferTermsShape,
  })
  .superRefine(refineTradeOffer);

/**
 * shop.add and shop.restock change stock, so a repeat must not apply twice: with a requestId (optional,
 * for callers written before it existed) a repeat returns the first answer, as every other change does.
 */
const ShopRequestIdSchema = ArtifactRequestIdSchema.optional();

const ShopAddRequestSchema = z
  .strictObject({
    requestId: ShopRequestIdSchema,
    communityId: CommunityIdSchema,
    typeId: ArtifactNumberSchema,
    price: AmountSchema,
    /** Left out or null: as many as the type's supply allows. */
    stock: z.int().min(0).max(ARTIFACT_LIMITS.shopStockMax).nullable().default(null),
    startsAt: IsoTimeSchema.nullable().default(null),
    endsAt: IsoTimeSchema.nullable().default(null),
  })
  .superRefine((value, ctx) => {
    if (value.startsAt !== null && value.endsAt !== null && value.endsAt <= value.startsAt) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    }
  });

/** The result of a purchase, sale or accepted trade: what was paid and the editions that moved. */
const SettlementSchema = z.strictObject({
  requestId: z.string(),
  payment: PaymentSplitSchema,
  editions: z.array(EditionSchema),
});

export const ArtifactsCommands = {
  settingsGet: defineCommand({
    subject: 'tk.cmd.artifacts.settings.get',
    summary:
      "A community's artifact rules: market fee, whether members may create types, creation fee, trade TTL.",
    request: CommunityRefSchema,
    response: ArtifactSettingsSchema,
    example: { communityId: EX.community },
  }),
  settingsSet: defineCommand({
    subject: 'tk.cmd.artifacts.settings.set',
    summary:
      "Change some of a community's artifact rules (admins; the caller checks the role). Returns all of them.",
    request: z
      .strictObject({ communityId: CommunityIdSchema, ...ArtifactSettingsShape })
      .partial()
      .required({ communityId: true }),
    response: ArtifactSettingsSchema,
    example: { communityId: EX.community, marketFeeBps: 500, memberCreationEnabled: true, creationFee: 50 },
  }),
  typeCreate: defineCommand({
    subject: 'tk.cmd.artifacts.type.create',
    summary:
      'Create an artifact type. An admin creates for free; a member only where the community allows it, paying the creation fee to the treasury through a ledger hold.',
    request: TypeCreateRequestSchema,
    response: ArtifactTypeSchema,
    example: {
      requestId: 'example-type-1',
      communityId: EX.community,
      creatorId: EX.admin,
      asAdmin: true,
      name: 'Golden Ticket',
      description: 'One of the first tickets ever printed.',
      emoji: '🎫',
      rarity: 'legendary',
      supplyMax: 100,
      royaltyBps: 500,
    },
  }),
  typeGet: defineCommand({
    subject: 'tk.cmd.artifacts.type.get',
    summary: 'Read one artifact type with its minted and burned counts and last price.',
    request: z.strictObject({ communityId: CommunityIdSchema, typeId: ArtifactNumberSchema }),
    response: ArtifactTypeSchema,
    example: { communityId: EX.community, typeId: 1 },
  }),
  typeList: defineCommand({
    subject: 'tk.cmd.artifacts.type.list',
    summary: "A community's artifact types, oldest first, a page at a time.",
    request: z.strictObject({ communityId: CommunityIdSchema, ...PageRequestShape }),
    response: pageOf(ArtifactTypeSchema),
    example: { communityId: EX.community, limit: 20 },
  }),
  shopAdd: defineCommand({
    subject: 'tk.cmd.artifacts.shop.add',
    summary:
      'Put an artifact type on sale in the shop at a price, with optional stock and time window (admins; the caller checks the role). With a requestId a repeat returns the first answer (another item with the same id is IDEMPOTENCY_CONFLICT); without one every call adds an item.',
    request: ShopAddRequestSchema,
    response: ShopItemSchema,
    example: { requestId: 'example-shop-1', communityId: EX.community, typeId: 1, price: 25, stock: 10 },
  }),
  shopRestock: defineCommand({
    subject: 'tk.cmd.artifacts.shop.restock',
    summary:
      "Add stock to a shop item, or make it unlimited with null (admins). Never beyond the type's supply. With a requestId a repeat returns the first answer and adds nothing (other content with the same id is IDEMPOTENCY_CONFLICT); without one every call adds.",
    request: z.strictObject({
      requestId: ShopRequestIdSchema,
      communityId: CommunityIdSchema,
      shopItemId: ArtifactNumberSchema,
      add: z.int().min(1).max(ARTIFACT_LIMITS.shopStockMax).nullable(),
    }),
    response: ShopItemSchema,
    example: { requestId: 'example-restock-1', communityId: EX.community, shopItemId: 1, add: 5 },
  }),
  shopClose: defineCommand({
    subject: 'tk.cmd.artifacts.shop.close',
    summary: 'Take a shop item off sale (admins). Purchases already paid are kept.',
    request: z.strictObject({ communityId: CommunityIdSchema, shopItemId: ArtifactNumberSchema }),
    response: ShopItemSchema,
    example: { communityId: EX.community, shopItemId: 1 },
  }),
  shopBrowse: defineCommand({
    subject: 'tk.cmd.artifacts.shop.browse',
    summary: 'Shop items on sale now (open, in their window, in stock), with their types.',
    request: z.strictObject({ communityId: CommunityIdSchema, ...PageRequestShape }),
    response: pageOf(z.strictObject({ item: ShopItemSchema, type: ArtifactTypeSchema })),
    example: { communityId: EX.community },
  }),
  shopBuy: defineCommand({
    subject: 'tk.cmd.artifacts.shop.buy',
    summary:
      "Buy a new edition from the shop: the buyer's tickets are held, the edition is minted, then the hold is posted to the treasury (or voided if the edition cannot be had).",
    request: z.strictObject({
      requestId: ArtifactRequestIdSchema,
      communityId: CommunityIdSchema,
      buyerId: MemberIdSchema,
      shopItemId: ArtifactNumberSchema,
      /** The price the buyer agreed to; CONFLICT if the item now costs more. */
      priceMax: AmountSchema.optional(),
    }),
    response: SettlementSchema,
    example: {
      requestId: 'example-buy-1',
      communityId: EX.community,
      buyerId: EX.alice,
      shopItemId: 1,
      priceMax: 25,
    },
  }),
  editionGrant: defineCommand({
    subject: 'tk.cmd.artifacts.edition.grant',
    summary:
      "Mint a new edition straight to a member, for free (admins; rewards and prizes). Counts against the type's supply.",
    request: z.strictObject({
      requestId: ArtifactRequestIdSchema,
      communityId: CommunityIdSchema,
      typeId: ArtifactNumberSchema,
      toId: MemberIdSchema,
    }),
    response: EditionSchema,
    example: { requestId: 'example-grant-1', communityId: EX.community, typeId: 1, toId: EX.bob },
  }),
  editionGet: defineCommand({
    subject: 'tk.cmd.artifacts.edition.get',
    summary: 'One edition with its type and its whole provenance, oldest first.',
    request: EditionRefSchema,
    response: EditionDetailSchema,
    example: { communityId: EX.community, editionId: 1 },
  }),
  editionGift: defineCommand({
    subject: 'tk.cmd.artifacts.edition.gift',
    summary:
      'Give an owned edition to another member. A listed edition or one offered in a trade cannot be gifted.',
    request: z
      .strictObject({
        requestId: ArtifactRequestIdSchema,
        communityId: CommunityIdSchema,
        editionId: ArtifactNumberSchema,
        fromId: MemberIdSchema,
        toId: MemberIdSchema,
      })
      .refine((value) => value.fromId !== value.toId, {
        path: ['toId'],
        message: 'must be another member than fromId',
      }),
    response: EditionSchema,
    example: {
      requestId: 'example-gift-1',
      communityId: EX.community,
      editionId: 1,
      fromId: EX.alice,
      toId: EX.bob,
    },
  }),
  editionBurn: defineCommand({
    subject: 'tk.cmd.artifacts.edition.burn',
    summary: 'Destroy an owned edition for good. Its serial number is never reissued.',
    request: z.strictObject({
      requestId: ArtifactRequestIdSchema,
      communityId: CommunityIdSchema,
      editionId: ArtifactNumberSchema,
      ownerId: MemberIdSchema,
    }),
    response: EditionSchema,
    example: { requestId: 'example-burn-1', communityId: EX.community, editionId: 2, ownerId: EX.bob },
  }),
  inventoryGet: defineCommand({
    subject: 'tk.cmd.artifacts.inventory.get',
    summary:
      "A member's editions (newest first, a page at a time) and their collection's value at each type's last price.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      memberId: MemberIdSchema,
      ...PageRequestShape,
    }),
    response: z.strictObject({
      items: z.array(z.strictObject({ edition: EditionSchema, type: ArtifactTypeSchema })),
      nextCursor: z.string().nullable(),
      editionCount: z.int().nonnegative(),
      /** Sum over every owned edition of its type's last price; editions never sold count 0. */
      collectionValue: z.int().nonnegative(),
    }),
    example: { communityId: EX.community, memberId: EX.alice },
  }),
  listingCreate: defineCommand({
    subject: 'tk.cmd.artifacts.listing.create',
    summary:
      'List an owned edition on the market at a price. An edition is listed once, and not while offered in a trade.',
    request: z.strictObject({
      requestId: ArtifactRequestIdSchema,
      communityId: CommunityIdSchema,
      sellerId: MemberIdSchema,
      editionId: ArtifactNumberSchema,
      price: AmountSchema,
    }),
    response: ListingSchema,
    example: {
      requestId: 'example-list-1',
      communityId: EX.community,
      sellerId: EX.bob,
      editionId: 1,
      price: 40,
    },
  }),
  listingCancel: defineCommand({
    subject: 'tk.cmd.artifacts.listing.cancel',
    summary: 'Take a listing off the market (its seller only). Repeating returns the cancelled listing.',
    request: z.strictObject({
      communityId: CommunityIdSchema,
      listingId: ArtifactNumberSchema,
      sellerId: MemberIdSchema,
    }),
    response: ListingSchema,
    example: { communityId: EX.community, listingId: 2, sellerId: EX.bob },
  }),
  listingBrowse: defineCommand({
    subject: 'tk.cmd.artifacts.listing.browse',
    summary:
      'Active market listings, cheapest first, optionally of one type, a page at a time, with their types.',
    request: z.strictObject({
      communityId: CommunityIdSchema,
      typeId: ArtifactNumberSchema.optional(),
      status: ListingStatusSchema.default('active'),
      ...PageRequestShape,
    }),
    response: pageOf(z.strictObject({ listing: ListingSchema, type: ArtifactTypeSchema })),
    example: { communityId: EX.community },
  }),
  listingBuy: defineCommand({
    subject: 'tk.cmd.artifacts.listing.buy',
    summary:
      "Buy a listed edition: the buyer's tickets are held, the edition moves, then the hold is posted and split to the seller, the treasury (market fee) and the type's creator (royalty).",
    request: z.strictObject({
      requestId: ArtifactRequestIdSchema,
      communityId: CommunityIdSchema,
      buyerId: MemberIdSchema,
      listingId: ArtifactNumberSchema,
      priceMax: AmountSchema.optional(),
    }),
    response: SettlementSchema,
    example: {
      requestId: 'example-buy-2',
      communityId: EX.community,
      buyerId: EX.alice,
      listingId: 1,
      priceMax: 40,
    },
  }),
  tradeOffer: defineCommand({
    subject: 'tk.cmd.artifacts.trade.offer',
    summary:
      'Offer editions to another member for tickets and/or their editions. The offered editions are locked until the offer is accepted, declined, cancelled or expires.',
    request: TradeOfferRequestSchema,
    response: TradeSchema,
    example: {
      requestId: 'example-trade-1',
      communityId: EX.community,
      fromId: EX.alice,
      toId: EX.bob,
      giveEditionIds: [1],
      wantAmount: 30,
    },
  }),
  tradeAccept: defineCommand({
    subject: 'tk.cmd.artifacts.trade.accept',
    summary:
      'Accept an open offer addressed to you: your tickets (if asked) are held, the editions swap, then the hold is posted to the offerer minus the market fee.',
    request: z.strictObject({
      requestId: ArtifactRequestIdSchema,
      communityId: CommunityIdSchema,
      tradeId: ArtifactNumberSchema,
      byId: MemberIdSchema,
    }),
    response: SettlementSchema,
    example: { requestId: 'example-accept-1', communityId: EX.community, tradeId: 1, byId: EX.bob },
  }),
  tradeDecline: defineCommand({
    subject: 'tk.cmd.artifacts.trade.decline',
    summary:
      'Decline an open offer (its recipient) or cancel it (its offerer). The offered editions are unlocked.',
    request: z.strictObject({
      communityId: CommunityIdSchema,
      tradeId: ArtifactNumberSchema,
      byId: MemberIdSchema,
    }),
    response: TradeSchema,
    example: { communityId: EX.community, tradeId: 2, byId: EX.bob },
  }),
  tradeGet: defineCommand({
    subject: 'tk.cmd.artifacts.trade.get',
    summary: 'Read one trade offer.',
    request: z.strictObject({ communityId: CommunityIdSchema, tradeId: ArtifactNumberSchema }),
    response: TradeSchema,
    example: { communityId: EX.community, tradeId: 1 },
  }),
  tradeList: defineCommand({
    subject: 'tk.cmd.artifacts.trade.list',
    summary: 'Trade offers a member made or received, newest first, optionally in one status.',
    request: z.strictObject({
      communityId: CommunityIdSchema,
      memberId: MemberIdSchema,
      status: TradeStatusSchema.optional(),
      ...PageRequestShape,
    }),
    response: pageOf(TradeSchema),
    example: { communityId: EX.community, memberId: EX.bob },
  }),
  provenanceVerify: defineCommand({
    subject: 'tk.cmd.artifacts.provenance.verify',
    summary:
      "Recompute a community's provenance hash chain, replay it against every edition's owner, and check each listed or in-trade edition against the open listings and offers; lists what it finds (at most 100).",
    request: CommunityRefSchema,
    response: z.strictObject({
      communityId: CommunityIdSchema,
      ok: z.boolean(),
      entries: z.int().nonnegative(),
      editions: z.int().nonnegative(),
      headHash: z.string(),
      problems: z.array(
        z.strictObject({ seq: z.int().nullable(), editionId: z.int().nullable(), problem: z.string() }),
      ),
    }),
    example: { communityId: EX.community },
  }),
  provenanceList: defineCommand({
    subject: 'tk.cmd.artifacts.provenance.list',
    summary:
      "A community's provenance rows after a sequence number, oldest first (for auditors and read models).",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      afterSeq: z.int().min(0).default(0),
      limit: z.int().min(1).max(ARTIFACT_LIMITS.provenancePageMax).default(100),
    }),
    response: z.strictObject({ items: z.array(ProvenanceEntrySchema) }),
    example: { communityId: EX.community, afterSeq: 0, limit: 50 },
  }),
};

/**
 * The order in which the examples run on a fresh system, each using what the ones before it made: type
 * 1 and shop item 1; edition 1 bought by alice, offered to bob in trade 1 and accepted, listed by bob
 * (listing 1), bought back by alice and gifted to bob; edition 2 granted to bob and burned.
 */
export const ARTIFACTS_EXAMPLE_ORDER: (keyof typeof ArtifactsCommands)[] = [
  'settingsGet',
  'settingsSet',
  'typeCreate',
  'typeGet',
  'typeList',
  'shopAdd',
  'shopRestock',
  'shopBrowse',
  'shopBuy',
  'editionGrant',
  'editionGet',
  'inventoryGet',
  'tradeOffer',
  'tradeGet',
  'tradeList',
  'tradeAccept',
  'editionBurn',
  'listingCreate',
  'listingBrowse',
  'listingBuy',
  'listingCancel',
  'tradeDecline',
  'editionGift',
  'shopClose',
  'provenanceVerify',
  'provenanceList',
];
