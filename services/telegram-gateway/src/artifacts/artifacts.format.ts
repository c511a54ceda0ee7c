import type {
  ArtifactType,
  Edition,
  Listing,
  ProvenanceEntry,
  ShopItem,
  Trade,
} from '@ticketonomics/contracts';
import type { Messages } from '../i18n/messages.en';
import { formatTaxPercent } from '../settings/setting-value.parser';
import { refText } from './artifact-refs';

/** How many provenance rows /artifact shows, latest first: a chat message, not an audit. */
export const PROVENANCE_LINES_MAX = 10;
/** How many editions /inventory lists, and listings /market, offers /trades and items /shop. */
export const LIST_LINES_MAX = 20;

/** The name members know a member by ("@bob", or their display name), from an accounts user id. */
export type Labeler = (memberId: string | null) => string;

/** What an artifact type shows before its name when it has only an image. */
const NO_EMOJI = '🖼';

export function typeTitle(type: Pick<ArtifactType, 'emoji' | 'name'>): string {
  return `${type.emoji ?? NO_EMOJI} ${type.name}`;
}

/** "🎫 Golden Ticket #1 of 100" (or "#7" of an unlimited type). */
export function editionTitle(
  type: Pick<ArtifactType, 'emoji' | 'name' | 'supplyMax'>,
  edition: Pick<Edition, 'serial'>,
  t: Messages,
): string {
  return `${typeTitle(type)} ${t.artSerial({ serial: edition.serial, supplyMax: type.supplyMax })}`;
}

/** "e5 🎫 Golden Ticket #1 of 100". */
export function editionRefTitle(
  type: Pick<ArtifactType, 'emoji' | 'name' | 'supplyMax'>,
  edition: Pick<Edition, 'id' | 'serial'>,
  t: Messages,
): string {
  return `${refText('edition', edition.id)} ${editionTitle(type, edition, t)}`;
}

/**
 * How many more a shop item can sell: its stock (what is left to sell; null: no stock limit) and the
 * type's supply not yet minted, whichever is smaller. Null: unlimited.
 */
export function shopItemLeft(
  item: Pick<ShopItem, 'stock'>,
  type: Pick<ArtifactType, 'supplyMax' | 'minted'>,
): number | null {
  const supplyLeft = type.supplyMax === null ? null : Math.max(0, type.supplyMax - type.minted);
  if (item.stock === null) return supplyLeft;
  return supplyLeft === null ? item.stock : Math.min(item.stock, supplyLeft);
}

/** "2026-11-28 12:00 UTC": the same in every language, and unambiguous in a group across time zones. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function shopText(entries: { item: ShopItem; type: ArtifactType }[], t: Messages): string {
  if (entries.length === 0) return t.artShopEmpty;
  const lines = entries.slice(0, LIST_LINES_MAX).map(({ item, type }) =>
    t.artShopLine({
      number: item.id,
      title: typeTitle(type),
      rarity: t.artRarity({ rarity: type.rarity }),
      price: item.price,
      left: shopItemLeft(item, type),
    }),
  );
  return [t.artShopHeader, ...lines, ...moreLine(entries.length - lines.length, t)].join('\n');
}

export function inventoryText(
  inventory: {
    items: { edition: Edition; type: ArtifactType }[];
    editionCount: number;
    collectionValue: number;
  },
  who: string | null,
  t: Messages,
): string {
  if (inventory.editionCount === 0) return t.artInventoryEmpty({ who });
  const lines = inventory.items.slice(0, LIST_LINES_MAX).map(({ edition, type }) =>
    t.artInventoryLine({
      title: editionRefTitle(type, edition, t),
      rarity: t.artRarity({ rarity: type.rarity }),
      status: edition.status,
    }),
  );
  const header = t.artInventoryHeader({
    who,
    count: inventory.editionCount,
    value: inventory.collectionValue,
  });
  return [header, ...lines, ...moreLine(inventory.editionCount - lines.length, t)].join('\n');
}

export function editionDetailText(
  detail: { edition: Edition; type: ArtifactType; provenance: ProvenanceEntry[] },
  label: Labeler,
  t: Messages,
): string {
  const { edition, type } = detail;
  const latestFirst = [...detail.provenance].sort((a, b) => b.seq - a.seq);
  const shown = latestFirst.slice(0, PROVENANCE_LINES_MAX);
  return [
    editionRefTitle(type, edition, t),
    t.artDetailType({
      rarity: t.artRarity({ rarity: type.rarity }),
      type: type.id,
      royalty: formatTaxPercent(type.royaltyBps),
      creator: label(type.creatorId),
    }),
    edition.status === 'burned' || edition.ownerId === null
      ? t.artDetailBurned
      : t.artDetailOwner({ owner: label(edition.ownerId), status: edition.status }),
    ...(type.lastPrice === null ? [] : [t.artDetailLastPrice({ price: type.lastPrice })]),
    ...(shown.length === 0 ? [] : [t.artHistoryHeader]),
    ...shown.map((entry) =>
      t.artHistoryLine({
        at: formatTime(entry.at),
        kind: entry.kind,
        from: entry.fromId === null ? null : label(entry.fromId),
        to: entry.toId === null ? null : label(entry.toId),
        price: entry.price,
      }),
    ),
    ...(latestFirst.length > shown.length
      ? [t.artHistoryMore({ count: latestFirst.length - shown.length })]
      : []),
  ].join('\n');
}

export function marketText(
  entries: { listing: Listing; type: ArtifactType }[],
  label: Labeler,
  t: Messages,
): string {
  if (entries.length === 0) return t.artMarketEmpty;
  const lines = entries.slice(0, LIST_LINES_MAX).map(({ listing, type }) =>
    t.artMarketLine({
      listing: refText('listing', listing.id),
      title: `${refText('edition', listing.editionId)} ${typeTitle(type)}`,
      price: listing.price,
      seller: label(listing.sellerId),
    }),
  );
  return [t.artMarketHeader, ...lines, ...moreLine(entries.length - lines.length, t)].join('\n');
}

/** What each side of a trade puts in: "e5 🎫 Golden Ticket #1 of 100" and "30 tickets and e7 ...". */
export function tradeTerms(
  trade: Pick<Trade, 'giveEditionIds' | 'wantEditionIds' | 'wantAmount'>,
  titleOf: (editionId: number) => string,
  t: Messages,
): { give: string; want: string } {
  const want = [
    ...(trade.wantAmount > 0 ? [t.artTickets({ amount: trade.wantAmount })] : []),
    ...trade.wantEditionIds.map(titleOf),
  ];
  return { give: trade.giveEditionIds.map(titleOf).join(', '), want: want.join(t.artAnd) };
}

export function tradesText(trades: Trade[], label: Labeler, t: Messages): string {
  if (trades.length === 0) return t.artTradesEmpty;
  const lines = trades.slice(0, LIST_LINES_MAX).map((trade) => {
    const { give, want } = tradeTerms(trade, (id) => refText('edition', id), t);
    return t.artTradesLine({
      trade: refText('trade', trade.id),
      from: label(trade.fromId),
      to: label(trade.toId),
      give,
      want,
      expires: formatTime(trade.expiresAt),
    });
  });
  return [t.artTradesHeader, ...lines, ...moreLine(trades.length - lines.length, t)].join('\n');
}

function moreLine(count: number, t: Messages): string[] {
  return count > 0 ? [t.artMore({ count })] : [];
}
