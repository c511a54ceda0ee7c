import {
  ArtifactsEvents,
  CloudEventSchema,
  EditionChangeDataSchema,
  LedgerEvents,
  ListingSoldDataSchema,
  TradeClosedDataSchema,
  TransferEventDataSchema,
  type Transfer,
} from '@ticketonomics/contracts';
import { movesMoney } from './ledger.figures';

/**
 * What the public dashboard may show of the economy: amounts, codes, who (account ids, which name
 * members) and when. Memos are left out: they are text members wrote to each other, not public figures.
 */
export interface PublicTransfer {
  type: 'transfer';
  id: string;
  seq: number;
  code: Transfer['code'];
  amount: number;
  fromAccountId: string;
  toAccountId: string;
  at: string;
}

export interface PublicSale {
  type: 'sale';
  /** shop: bought new from the shop; market: a listing sold; trade: an accepted trade offer. */
  channel: 'shop' | 'market' | 'trade';
  /** null for a trade, which can swap editions of several types. */
  typeId: number | null;
  editionIds: number[];
  price: number;
  buyerId: string;
  sellerId: string | null;
  at: string;
}

export type PublicFeedItem = PublicTransfer | PublicSale;

/** The subjects the live feed listens to (core NATS: the feed is live only, JetStream keeps the record). */
export const PUBLIC_FEED_SUBJECTS = [
  LedgerEvents.transferPosted.type,
  ArtifactsEvents.editionMinted.type,
  ArtifactsEvents.listingSold.type,
  ArtifactsEvents.tradeClosed.type,
] as const;

/** A journal row as the public sees it, or null for rows that move nothing (holds and their voids). */
export function publicTransfer(transfer: Transfer): PublicTransfer | null {
  if (!movesMoney(transfer)) return null;
  return {
    type: 'transfer',
    id: transfer.id,
    seq: transfer.seq,
    code: transfer.code,
    amount: transfer.amount,
    fromAccountId: transfer.debitAccountId,
    toAccountId: transfer.creditAccountId,
    at: transfer.createdAt,
  };
}

/**
 * A CloudEvent from the bus as a public feed item with its community, or null for anything else:
 * events the feed does not show, and malformed ones (never trusted, never thrown on).
 */
export function publicFeedItem(raw: unknown): { communityId: string; item: PublicFeedItem } | null {
  const envelope = CloudEventSchema.safeParse(raw);
  if (!envelope.success) return null;
  const { type, communityid: communityId, data, time } = envelope.data;
  switch (type) {
    case LedgerEvents.transferPosted.type: {
      const parsed = TransferEventDataSchema.safeParse(data);
      const item = parsed.success ? publicTransfer(parsed.data.transfer) : null;
      return item === null ? null : { communityId, item };
    }
    case ArtifactsEvents.editionMinted.type: {
      const parsed = EditionChangeDataSchema.safeParse(data);
      if (!parsed.success || parsed.data.provenance.kind !== 'bought' || parsed.data.payment === null)
        return null;
      const { edition, provenance, payment } = parsed.data;
      if (provenance.toId === null) return null;
      return {
        communityId,
        item: {
          type: 'sale',
          channel: 'shop',
          typeId: edition.typeId,
          editionIds: [edition.id],
          price: payment.price,
          buyerId: provenance.toId,
          sellerId: null,
          at: provenance.at,
        },
      };
    }
    case ArtifactsEvents.listingSold.type: {
      const parsed = ListingSoldDataSchema.safeParse(data);
      if (!parsed.success || parsed.data.listing.buyerId === null) return null;
      const { listing, payment } = parsed.data;
      return {
        communityId,
        item: {
          type: 'sale',
          channel: 'market',
          typeId: listing.typeId,
          editionIds: [listing.editionId],
          price: payment.price,
          buyerId: listing.buyerId as string,
          sellerId: listing.sellerId,
          at: listing.updatedAt,
        },
      };
    }
    case ArtifactsEvents.tradeClosed.type: {
      const parsed = TradeClosedDataSchema.safeParse(data);
      if (!parsed.success || parsed.data.trade.status !== 'accepted') return null;
      const { trade, payment } = parsed.data;
      return {
        communityId,
        item: {
          type: 'sale',
          channel: 'trade',
          typeId: null,
          editionIds: trade.giveEditionIds,
          price: payment?.price ?? 0,
          buyerId: trade.toId,
          sellerId: trade.fromId,
          at: time,
        },
      };
    }
    default:
      return null;
  }
}
