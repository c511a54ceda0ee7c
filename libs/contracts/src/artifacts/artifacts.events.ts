import { z } from 'zod';
import { defineEvent, type EventSpec } from '../command';
import { CommunityIdSchema } from '../primitives';
import {
  ARTIFACT_SETTINGS_DEFAULT,
  ArtifactSettingsSchema,
  ArtifactTypeSchema,
  EditionSchema,
  ListingSchema,
  PaymentSplitSchema,
  ProvenanceEntrySchema,
  ShopItemSchema,
  TradeSchema,
  type Edition,
  type Listing,
  type ProvenanceEntry,
  type Trade,
} from './artifacts.schemas';

const time = '2026-11-28T12:00:00.000Z';
const community = 'demo';

/** An edition's change of hands: the edition after it, the provenance row it wrote, and what was paid. */
export const EditionChangeDataSchema = z.strictObject({
  communityId: CommunityIdSchema,
  edition: EditionSchema,
  provenance: ProvenanceEntrySchema,
  payment: PaymentSplitSchema.nullable(),
});

export const ListingSoldDataSchema = z.strictObject({
  communityId: CommunityIdSchema,
  listing: ListingSchema,
  payment: PaymentSplitSchema,
});

export const TradeClosedDataSchema = z.strictObject({
  communityId: CommunityIdSchema,
  trade: TradeSchema,
  payment: PaymentSplitSchema.nullable(),
});

const exampleEdition: Edition = {
  communityId: community,
  id: 1,
  typeId: 1,
  serial: 1,
  ownerId: 'alice',
  status: 'owned',
  mintedAt: time,
  updatedAt: time,
};

const exampleProvenance: ProvenanceEntry = {
  communityId: community,
  seq: 1,
  editionId: 1,
  kind: 'bought',
  fromId: null,
  toId: 'alice',
  price: 25,
  requestId: 'example-buy-1',
  at: time,
  prevHash: '0'.repeat(64),
  hash: '3b'.repeat(32),
};

const exampleListing: Listing = {
  communityId: community,
  id: 1,
  editionId: 1,
  typeId: 1,
  sellerId: 'bob',
  price: 40,
  status: 'active',
  buyerId: null,
  createdAt: time,
  updatedAt: time,
};

const exampleTrade: Trade = {
  communityId: community,
  id: 1,
  fromId: 'alice',
  toId: 'bob',
  giveEditionIds: [1],
  wantEditionIds: [],
  wantAmount: 30,
  status: 'open',
  expiresAt: '2026-11-29T12:00:00.000Z',
  createdAt: time,
  updatedAt: time,
};

const NOTE = 'communityid is the community id; subject is';

export const ArtifactsEvents = {
  settingsUpdated: defineEvent({
    type: 'tk.evt.artifacts.settings.updated',
    summary: `A community's artifact rules changed. Data: the rules after the change. ${NOTE} the community id.`,
    data: ArtifactSettingsSchema,
    example: { communityId: community, ...ARTIFACT_SETTINGS_DEFAULT, marketFeeBps: 500, updatedAt: time },
  }),
  typeCreated: defineEvent({
    type: 'tk.evt.artifacts.type.created',
    summary: `An artifact type was created. Data: the type. ${NOTE} the type number.`,
    data: ArtifactTypeSchema,
    example: {
      communityId: community,
      id: 1,
      name: 'Golden Ticket',
      description: 'One of the first tickets ever printed.',
      emoji: '🎫',
      imageUrl: null,
      rarity: 'legendary',
      supplyMax: 100,
      minted: 0,
      burned: 0,
      creatorId: 'admin',
      royaltyBps: 500,
      lastPrice: null,
      createdAt: time,
    },
  }),
  shopUpdated: defineEvent({
    type: 'tk.evt.artifacts.shop.updated',
    summary: `A shop item was added, restocked, sold from or closed. Data: the item after the change. ${NOTE} the shop item number.`,
    data: ShopItemSchema,
    example: {
      communityId: community,
      id: 1,
      typeId: 1,
      price: 25,
      stock: 15,
      sold: 0,
      startsAt: null,
      endsAt: null,
      closed: false,
      createdAt: time,
      updatedAt: time,
    },
  }),
  editionMinted: defineEvent({
    type: 'tk.evt.artifacts.edition.minted',
    summary: `A new edition exists: bought from the shop (provenance kind bought, with its payment) or granted by an admin (kind minted). ${NOTE} the edition number.`,
    data: EditionChangeDataSchema,
    example: {
      communityId: community,
      edition: exampleEdition,
      provenance: exampleProvenance,
      payment: { price: 25, toPayee: 25, fee: 0, royalty: 0, holdId: 'art:demo:example-buy-1:hold' },
    },
  }),
  editionTransferred: defineEvent({
    type: 'tk.evt.artifacts.edition.transferred',
    summary: `An edition changed owner: sold on the market, gifted, traded, or reverted because its payment failed. ${NOTE} the edition number.`,
    data: EditionChangeDataSchema,
    example: {
      communityId: community,
      edition: { ...exampleEdition, ownerId: 'bob' },
      provenance: { ...exampleProvenance, seq: 2, kind: 'gifted', fromId: 'alice', toId: 'bob', price: null },
      payment: null,
    },
  }),
  editionBurned: defineEvent({
    type: 'tk.evt.artifacts.edition.burned',
    summary: `An edition was destroyed by its owner. ${NOTE} the edition number.`,
    data: EditionChangeDataSchema,
    example: {
      communityId: community,
      edition: { ...exampleEdition, ownerId: null, status: 'burned' },
      provenance: { ...exampleProvenance, seq: 3, kind: 'burned', fromId: 'alice', toId: null, price: null },
      payment: null,
    },
  }),
  listingCreated: defineEvent({
    type: 'tk.evt.artifacts.listing.created',
    summary: `An edition was listed on the market. Data: the listing. ${NOTE} the listing number.`,
    data: ListingSchema,
    example: exampleListing,
  }),
  listingCancelled: defineEvent({
    type: 'tk.evt.artifacts.listing.cancelled',
    summary: `A listing was taken off the market by its seller. Data: the listing. ${NOTE} the listing number.`,
    data: ListingSchema,
    example: { ...exampleListing, status: 'cancelled' },
  }),
  listingSold: defineEvent({
    type: 'tk.evt.artifacts.listing.sold',
    summary: `A listing was bought and paid: the price split between seller, treasury (fee) and creator (royalty). ${NOTE} the listing number.`,
    data: ListingSoldDataSchema,
    example: {
      communityId: community,
      listing: { ...exampleListing, status: 'sold', buyerId: 'alice' },
      payment: { price: 40, toPayee: 37, fee: 1, royalty: 2, holdId: 'art:demo:example-buy-2:hold' },
    },
  }),
  tradeOffered: defineEvent({
    type: 'tk.evt.artifacts.trade.offered',
    summary: `A member offered editions to another. Data: the offer. ${NOTE} the trade number.`,
    data: TradeSchema,
    example: exampleTrade,
  }),
  tradeClosed: defineEvent({
    type: 'tk.evt.artifacts.trade.closed',
    summary: `An offer was accepted (with its payment), declined, cancelled or expired; trade.status says which. ${NOTE} the trade number.`,
    data: TradeClosedDataSchema,
    example: {
      communityId: community,
      trade: { ...exampleTrade, status: 'accepted' },
      payment: { price: 30, toPayee: 30, fee: 0, royalty: 0, holdId: 'art:demo:example-accept-1:hold' },
    },
  }),
};

/** The CloudEvent `subject` and `communityid` of an artifacts event, from its data. */
export function artifactsEventAddress(
  spec: EventSpec,
  data: unknown,
): { subject: string; communityId: string } {
  const value = data as Record<string, unknown> & { communityId: string };
  switch (spec.type) {
    case ArtifactsEvents.settingsUpdated.type:
      return { subject: value.communityId, communityId: value.communityId };
    case ArtifactsEvents.typeCreated.type:
    case ArtifactsEvents.shopUpdated.type:
    case ArtifactsEvents.listingCreated.type:
    case ArtifactsEvents.listingCancelled.type:
    case ArtifactsEvents.tradeOffered.type:
      return { subject: String(value['id']), communityId: value.communityId };
    case ArtifactsEvents.editionMinted.type:
    case ArtifactsEvents.editionTransferred.type:
    case ArtifactsEvents.editionBurned.type:
      return { subject: String((value['edition'] as Edition).id), communityId: value.communityId };
    case ArtifactsEvents.listingSold.type:
      return { subject: String((value['listing'] as Listing).id), communityId: value.communityId };
    case ArtifactsEvents.tradeClosed.type:
      return { subject: String((value['trade'] as Trade).id), communityId: value.communityId };
    default:
      throw new Error(`${spec.type} is not an artifacts event`);
  }
}
