import {
  ArtifactsEvents,
  CloudEventSchema,
  EditionChangeDataSchema,
  LedgerEvents,
  ListingSoldDataSchema,
  movesMoney,
  parseLedgerAccountId,
  TradeClosedDataSchema,
  TransferEventDataSchema,
  type Transfer,
} from '@ticketonomics/contracts';

/** What kind of artifact purchase a payment into the market's escrow was. */
export type PurchaseChannel = 'shop' | 'market' | 'trade' | 'creation';

/**
 * A buyer's payment for an artifact, which the feed shows as the whole purchase (one row): the escrow's
 * payouts to the treasury, seller or creator are left out, and the live `sale` event of the same
 * purchase carries the same id.
 */
export interface PublicPurchase {
  /** The ledger hold that reserved the buyer's tickets: shared by the payment row and the sale event. */
  id: string;
  channel: PurchaseChannel | null;
  /** The artifact type's name, when the purchase names one. */
  itemName: string | null;
}

/**
 * What the public dashboard may show of the economy: amounts, codes, who (account ids, which name
 * members) and when. Memos are left out: they are text members wrote to each other, not public figures
 * (only the artifact name of a purchase is read from the memo the artifacts service writes).
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
  purchase: PublicPurchase | null;
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
  /** The purchase's hold id, as on its payment row (null for a swap, which moves no tickets). */
  purchaseId: string | null;
}

export type PublicFeedItem = PublicTransfer | PublicSale;

/** The subjects the live feed listens to (core NATS: the feed is live only, JetStream keeps the record). */
export const PUBLIC_FEED_SUBJECTS = [
  LedgerEvents.transferPosted.type,
  ArtifactsEvents.editionMinted.type,
  ArtifactsEvents.listingSold.type,
  ArtifactsEvents.tradeClosed.type,
] as const;

/**
 * The memos the artifacts service writes on a buyer's payment (services/artifacts: shop.service.ts,
 * market.service.ts, trades.service.ts, types.service.ts). A memo that matches none still shows as a
 * purchase, without its artifact's name.
 */
const PURCHASE_MEMOS: { channel: PurchaseChannel; pattern: RegExp }[] = [
  { channel: 'shop', pattern: /^artifacts: shop item \d+ \((.+)\)$/ },
  { channel: 'market', pattern: /^artifacts: listing \d+ \((.+)\)$/ },
  { channel: 'trade', pattern: /^artifacts: trade \d+$/ },
  { channel: 'creation', pattern: /^artifacts: creation of type (.+)$/ },
];

const accountKind = (accountId: string) => parseLedgerAccountId(accountId)?.kind ?? null;

/** The purchase a settled hold from a member into the escrow stands for, or null for any other row. */
export function purchaseOf(transfer: Transfer): PublicPurchase | null {
  if (transfer.pendingId === null || transfer.code !== 'purchase') return null;
  if (accountKind(transfer.debitAccountId) !== 'user' || accountKind(transfer.creditAccountId) !== 'escrow')
    return null;
  for (const { channel, pattern } of PURCHASE_MEMOS) {
    const match = pattern.exec(transfer.memo);
    if (match !== null) return { id: transfer.pendingId, channel, itemName: match[1] ?? null };
  }
  return { id: transfer.pendingId, channel: null, itemName: null };
}

/**
 * A journal row as the public sees it, or null for rows that move nothing (holds and their voids) and
 * for the escrow's payouts, which are part of the purchase its buyer's payment row already shows.
 */
export function publicTransfer(transfer: Transfer): PublicTransfer | null {
  if (!movesMoney(transfer)) return null;
  if (accountKind(transfer.debitAccountId) === 'escrow') return null;
  return {
    type: 'transfer',
    id: transfer.id,
    seq: transfer.seq,
    code: transfer.code,
    amount: transfer.amount,
    fromAccountId: transfer.debitAccountId,
    toAccountId: transfer.creditAccountId,
    at: transfer.createdAt,
    purchase: purchaseOf(transfer),
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
          purchaseId: payment.holdId,
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
          purchaseId: payment.holdId,
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
          purchaseId: payment?.holdId ?? null,
        },
      };
    }
    default:
      return null;
  }
}
