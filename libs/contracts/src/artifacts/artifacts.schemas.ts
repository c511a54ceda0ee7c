import { z } from 'zod';
import { AmountSchema, CommunityIdSchema, IsoTimeSchema, OwnerIdSchema } from '../primitives';

/**
 * Artifacts are numbered within their community (type #3, edition #17, listing #5, trade #2), so a member
 * can name one in a chat command and an integration in a URL. Numbers are never reused.
 */
export const ArtifactNumberSchema = z
  .int({ error: 'must be a whole number such as 17' })
  .positive({ error: 'must be 1 or more' })
  .max(Number.MAX_SAFE_INTEGER);

/** A member, as the owner id of their ledger account (`user:<community>:<memberId>`). */
export const MemberIdSchema = OwnerIdSchema;

/**
 * Client-chosen idempotency key of a state-changing artifacts command, unique within its community.
 * Repeating it returns the first result; the same key with different content is IDEMPOTENCY_CONFLICT.
 * The ledger transfers a request makes are named after it, so the key is short enough to fit them.
 */
export const ArtifactRequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,48}$/, { error: 'must be 1-48 characters of A-Z, a-z, 0-9, _, ., : or -' });

export const RARITIES = ['common', 'uncommon', 'rare', 'epic', 'legendary'] as const;
export const RaritySchema = z.enum(RARITIES);
export type Rarity = z.infer<typeof RaritySchema>;

export const ARTIFACT_LIMITS = {
  nameLengthMax: 64,
  descriptionLengthMax: 500,
  emojiLengthMax: 16,
  imageUrlLengthMax: 500,
  supplyMax: 1_000_000,
  royaltyBpsMax: 5_000,
  marketFeeBpsMax: 5_000,
  tradeEditionsMax: 10,
  tradeTtlMsMin: 60_000,
  tradeTtlMsMax: 30 * 24 * 60 * 60 * 1000,
  shopStockMax: 1_000_000,
  provenancePageMax: 200,
} as const;

const trimmedText = (lengthMax: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `must not be empty` })
    .max(lengthMax, { error: `must be at most ${lengthMax} characters (${what})` });

export const ArtifactNameSchema = trimmedText(ARTIFACT_LIMITS.nameLengthMax, 'a short name');
export const ArtifactDescriptionSchema = z
  .string()
  .trim()
  .max(ARTIFACT_LIMITS.descriptionLengthMax, {
    error: `must be at most ${ARTIFACT_LIMITS.descriptionLengthMax} characters`,
  });
export const EmojiSchema = trimmedText(ARTIFACT_LIMITS.emojiLengthMax, 'one emoji or a few characters');
export const ImageUrlSchema = z
  .url({ protocol: /^https$/, error: 'must be an https:// URL' })
  .max(ARTIFACT_LIMITS.imageUrlLengthMax);

export const BpsSchema = (max: number) =>
  z
    .int({ error: 'must be whole basis points (100 = 1%)' })
    .min(0)
    .max(max, { error: `must be at most ${max} basis points (${max / 100}%)` });

/** A kind of collectible in one community. `supplyMax` null: unlimited editions. */
export const ArtifactTypeSchema = z.strictObject({
  communityId: CommunityIdSchema,
  id: ArtifactNumberSchema,
  name: z.string(),
  description: z.string(),
  emoji: z.string().nullable(),
  imageUrl: z.string().nullable(),
  rarity: RaritySchema,
  supplyMax: z.int().nullable(),
  /** Editions in existence or burned: serial numbers run 1..minted. */
  minted: z.int().nonnegative(),
  burned: z.int().nonnegative(),
  creatorId: MemberIdSchema,
  royaltyBps: z.int().nonnegative(),
  /**
   * Last price an edition of this type changed hands at (shop, market, or its share of a trade for tickets
   * alone); null before the first sale.
   */
  lastPrice: z.int().nullable(),
  createdAt: IsoTimeSchema,
});
export type ArtifactType = z.infer<typeof ArtifactTypeSchema>;

export const EDITION_STATUSES = ['owned', 'listed', 'in_trade', 'burned'] as const;
export const EditionStatusSchema = z.enum(EDITION_STATUSES);

/** One unit of a type: serial `serial` of its type's supply, with its current owner. */
export const EditionSchema = z.strictObject({
  communityId: CommunityIdSchema,
  id: ArtifactNumberSchema,
  typeId: ArtifactNumberSchema,
  serial: ArtifactNumberSchema,
  /** Null once burned. */
  ownerId: MemberIdSchema.nullable(),
  status: EditionStatusSchema,
  mintedAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type Edition = z.infer<typeof EditionSchema>;

/**
 * How an edition changed hands. `minted`: granted by an admin; `bought`: bought new from the shop;
 * `sold`: sold on the market; `reverted`: an ownership change undone because its payment could not be
 * settled.
 */
export const PROVENANCE_KINDS = [
  'minted',
  'bought',
  'sold',
  'gifted',
  'traded',
  'burned',
  'reverted',
] as const;
export const ProvenanceKindSchema = z.enum(PROVENANCE_KINDS);
export type ProvenanceKind = z.infer<typeof ProvenanceKindSchema>;

/** One append-only provenance row; each carries the hash of the community's previous row. */
export const ProvenanceEntrySchema = z.strictObject({
  communityId: CommunityIdSchema,
  seq: z.int().positive(),
  editionId: ArtifactNumberSchema,
  kind: ProvenanceKindSchema,
  fromId: MemberIdSchema.nullable(),
  toId: MemberIdSchema.nullable(),
  /** Tickets paid for this change, when it was a purchase, a sale or the ticket side of a trade. */
  price: z.int().nullable(),
  /** The request that made the change (its idempotency key). */
  requestId: z.string(),
  at: IsoTimeSchema,
  prevHash: z.string(),
  hash: z.string(),
});
export type ProvenanceEntry = z.infer<typeof ProvenanceEntrySchema>;

export const EditionDetailSchema = z.strictObject({
  edition: EditionSchema,
  type: ArtifactTypeSchema,
  provenance: z.array(ProvenanceEntrySchema),
});

/** An artifact type for sale in the community's shop. `stock` null: as many as the type's supply allows. */
export const ShopItemSchema = z.strictObject({
  communityId: CommunityIdSchema,
  id: ArtifactNumberSchema,
  typeId: ArtifactNumberSchema,
  price: AmountSchema,
  stock: z.int().nonnegative().nullable(),
  sold: z.int().nonnegative(),
  startsAt: IsoTimeSchema.nullable(),
  endsAt: IsoTimeSchema.nullable(),
  closed: z.boolean(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type ShopItem = z.infer<typeof ShopItemSchema>;

export const LISTING_STATUSES = ['active', 'sold', 'cancelled'] as const;
export const ListingStatusSchema = z.enum(LISTING_STATUSES);

/** An edition a member offers on the community's market. */
export const ListingSchema = z.strictObject({
  communityId: CommunityIdSchema,
  id: ArtifactNumberSchema,
  editionId: ArtifactNumberSchema,
  typeId: ArtifactNumberSchema,
  sellerId: MemberIdSchema,
  price: AmountSchema,
  status: ListingStatusSchema,
  buyerId: MemberIdSchema.nullable(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type Listing = z.infer<typeof ListingSchema>;

export const TRADE_STATUSES = ['open', 'accepted', 'declined', 'cancelled', 'expired'] as const;
export const TradeStatusSchema = z.enum(TRADE_STATUSES);

/**
 * An offer from one member to another: `giveEditionIds` (locked while the offer is open) for
 * `wantEditionIds` and/or `wantAmount` tickets paid by the member who accepts.
 */
export const TradeSchema = z.strictObject({
  communityId: CommunityIdSchema,
  id: ArtifactNumberSchema,
  fromId: MemberIdSchema,
  toId: MemberIdSchema,
  giveEditionIds: z.array(ArtifactNumberSchema),
  wantEditionIds: z.array(ArtifactNumberSchema),
  wantAmount: z.int().nonnegative(),
  status: TradeStatusSchema,
  expiresAt: IsoTimeSchema,
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type Trade = z.infer<typeof TradeSchema>;

/** A community's artifact rules. */
export const ArtifactSettingsShape = {
  /** Share of a market sale's price (and of a trade's tickets) paid to the community treasury. */
  marketFeeBps: BpsSchema(ARTIFACT_LIMITS.marketFeeBpsMax),
  /** Whether members (not only admins) may create artifact types. */
  memberCreationEnabled: z.boolean(),
  /** What a member pays the treasury to create a type; admins create for free. 0: free. */
  creationFee: z.int().min(0).max(1_000_000_000),
  /** How long a trade offer stays open unless the offer says otherwise. */
  tradeTtlMs: z.int().min(ARTIFACT_LIMITS.tradeTtlMsMin).max(ARTIFACT_LIMITS.tradeTtlMsMax),
};
export const ArtifactSettingsValuesSchema = z.strictObject(ArtifactSettingsShape);
export type ArtifactSettingsValues = z.infer<typeof ArtifactSettingsValuesSchema>;

export const ARTIFACT_SETTINGS_DEFAULT: ArtifactSettingsValues = {
  marketFeeBps: 250,
  memberCreationEnabled: false,
  creationFee: 100,
  tradeTtlMs: 24 * 60 * 60 * 1000,
};

export const ArtifactSettingsSchema = z.strictObject({
  communityId: CommunityIdSchema,
  ...ArtifactSettingsShape,
  updatedAt: IsoTimeSchema.nullable(),
});
export type ArtifactSettings = z.infer<typeof ArtifactSettingsSchema>;

/** What a buyer paid and where it went. Every amount moved through one ledger hold and linked transfers. */
export const PaymentSplitSchema = z.strictObject({
  price: z.int().nonnegative(),
  /** To the seller (market), the offerer (trade) or the treasury (shop, creation fee). */
  toPayee: z.int().nonnegative(),
  fee: z.int().nonnegative(),
  royalty: z.int().nonnegative(),
  /** The ledger hold that reserved the buyer's tickets; null when nothing was paid. */
  holdId: z.string().nullable(),
});
export type PaymentSplit = z.infer<typeof PaymentSplitSchema>;

/** Market fee and creator royalty on a price, rounded down so the seller is never charged more than the rates. */
export function splitSalePrice(
  price: number,
  marketFeeBps: number,
  royaltyBps: number,
): { fee: number; royalty: number; toSeller: number } {
  const fee = Math.floor((price * marketFeeBps) / 10_000);
  const royalty = Math.floor((price * royaltyBps) / 10_000);
  return { fee, royalty, toSeller: price - fee - royalty };
}
