import type { MarketTypeStats, ProvenanceKind } from '@ticketonomics/contracts';
import type { Database, Statement } from 'better-sqlite3';

/** An edition's change of hands, as an edition.minted or edition.transferred event tells it. */
export interface EditionMove {
  editionId: number;
  typeId: number;
  kind: ProvenanceKind;
  /** Tickets paid for this change (shop, market, the ticket share of a trade); null when none. */
  price: number | null;
  toId: string | null;
  /** The provenance row's seq: the artifacts service's order of changes within the community. */
  provenanceSeq: number;
  /** The request that made it: a reverted move names the purchase it undoes by it. */
  requestId: string;
}

/** A trade offer, as trade.offered tells it: whether its given editions go for tickets alone. */
export interface TicketTradeOffer {
  tradeId: number;
  giveEditionIds: number[];
  forTicketsAlone: boolean;
}

/**
 * Per artifact type: market sales, shop sales, the last price and its listings (active ones give the
 * floor). The last price follows the artifacts service's type lastPrice exactly: it is set by the same
 * edition moves that set it there (each event leaves in the transaction that made the move), in the same
 * order, so it never needs the completion events, which come later.
 */
export class MarketStore {
  private readonly upsertName: Statement;
  private readonly ensureType: Statement;
  private readonly insertListing: Statement;
  private readonly cancelListing: Statement;
  private readonly statusOf: Statement;
  private readonly markSold: Statement;
  private readonly addMarketSale: Statement;
  private readonly insertShopSale: Statement;
  private readonly shopSaleOf: Statement;
  private readonly revertShopSale: Statement;
  private readonly addShopSale: Statement;
  private readonly updateLastPrice: Statement;
  private readonly insertPriceMove: Statement;
  private readonly isRevertedPriceMove: Statement;
  private readonly revertPriceMoves: Statement;
  private readonly latestPriceMove: Statement;
  private readonly resetLastPrice: Statement;
  private readonly forgetTicketTradeEdition: Statement;
  private readonly rememberTicketTradeEdition: Statement;
  private readonly isTicketTradeEdition: Statement;
  private readonly forgetTicketTrade: Statement;
  private readonly pageFirst: Statement;
  private readonly pageAfter: Statement;

  constructor(db: Database) {
    this.upsertName = db.prepare(
      `INSERT INTO market_types (community_id, type_id, name) VALUES (?, ?, ?)
       ON CONFLICT (community_id, type_id) DO UPDATE SET name = excluded.name`,
    );
    this.ensureType = db.prepare(
      'INSERT INTO market_types (community_id, type_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.insertListing = db.prepare(
      `INSERT INTO market_listings (community_id, listing_id, type_id, price, status)
       VALUES (?, ?, ?, ?, 'active') ON CONFLICT DO NOTHING`,
    );
    this.cancelListing = db.prepare(
      `UPDATE market_listings SET status = 'cancelled' WHERE community_id = ? AND listing_id = ? AND status = 'active'`,
    );
    this.statusOf = db
      .prepare('SELECT status FROM market_listings WHERE community_id = ? AND listing_id = ?')
      .pluck();
    this.markSold = db.prepare(
      `INSERT INTO market_listings (community_id, listing_id, type_id, price, status)
       VALUES (@communityId, @listingId, @typeId, @price, 'sold')
       ON CONFLICT (community_id, listing_id) DO UPDATE SET status = 'sold', price = excluded.price`,
    );
    this.addMarketSale = db.prepare(
      `UPDATE market_types SET market_sales = market_sales + 1, market_volume = market_volume + @price
       WHERE community_id = @communityId AND type_id = @typeId`,
    );
    this.insertShopSale = db.prepare(
      `INSERT INTO market_shop_sales (community_id, edition_id, type_id, price, status)
       VALUES (@communityId, @editionId, @typeId, @price, 'sold') ON CONFLICT DO NOTHING`,
    );
    this.shopSaleOf = db.prepare(
      `SELECT type_id AS typeId, price FROM market_shop_sales
       WHERE community_id = ? AND edition_id = ? AND status = 'sold'`,
    );
    this.revertShopSale = db.prepare(
      `UPDATE market_shop_sales SET status = 'reverted' WHERE community_id = ? AND edition_id = ?`,
    );
    // @sign is 1 for a sale, -1 for a sale taken back.
    this.addShopSale = db.prepare(
      `UPDATE market_types SET shop_sales = shop_sales + @sign, shop_volume = shop_volume + @sign * @price
       WHERE community_id = @communityId AND type_id = @typeId`,
    );
    this.updateLastPrice = db.prepare(
      `UPDATE market_types SET last_price = @price, last_price_seq = @seq
       WHERE community_id = @communityId AND type_id = @typeId
         AND (last_price_seq IS NULL OR last_price_seq < @seq)`,
    );
    this.insertPriceMove = db.prepare(
      `INSERT INTO market_price_moves (community_id, provenance_seq, type_id, edition_id, request_id, price)
       VALUES (@communityId, @seq, @typeId, @editionId, @requestId, @price) ON CONFLICT DO NOTHING`,
    );
    this.isRevertedPriceMove = db
      .prepare(
        'SELECT reverted FROM market_price_moves WHERE community_id = ? AND provenance_seq = ? AND reverted = 1',
      )
      .pluck();
    this.revertPriceMoves = db.prepare(
      `UPDATE market_price_moves SET reverted = 1 WHERE community_id = ? AND edition_id = ? AND request_id = ?
         AND reverted = 0 RETURNING type_id AS typeId`,
    );
    this.latestPriceMove = db.prepare(
      `SELECT price, provenance_seq AS seq FROM market_price_moves
       WHERE community_id = ? AND type_id = ? AND reverted = 0 ORDER BY provenance_seq DESC LIMIT 1`,
    );
    // Unconditional, unlike updateLastPrice: a revert may take the price back to an older move's.
    this.resetLastPrice = db.prepare(
      `UPDATE market_types SET last_price = @price, last_price_seq = @seq
       WHERE community_id = @communityId AND type_id = @typeId`,
    );
    this.forgetTicketTradeEdition = db.prepare(
      'DELETE FROM market_ticket_trades WHERE community_id = ? AND edition_id = ?',
    );
    this.rememberTicketTradeEdition = db.prepare(
      'INSERT OR REPLACE INTO market_ticket_trades (community_id, edition_id, trade_id) VALUES (?, ?, ?)',
    );
    this.isTicketTradeEdition = db
      .prepare('SELECT 1 FROM market_ticket_trades WHERE community_id = ? AND edition_id = ?')
      .pluck();
    this.forgetTicketTrade = db.prepare(
      'DELETE FROM market_ticket_trades WHERE community_id = ? AND trade_id = ?',
    );
    const select = `SELECT t.type_id AS typeId, t.name, t.market_sales AS marketSales,
        t.market_volume AS marketVolume, t.shop_sales AS shopSales, t.shop_volume AS shopVolume,
        t.last_price AS lastPrice,
        (SELECT MIN(price) FROM market_listings l
          WHERE l.community_id = t.community_id AND l.type_id = t.type_id AND l.status = 'active') AS floorPrice,
        (SELECT COUNT(*) FROM market_listings l
          WHERE l.community_id = t.community_id AND l.type_id = t.type_id AND l.status = 'active') AS listings
      FROM market_types t`;
    this.pageFirst = db.prepare(`${select} WHERE t.community_id = ? ORDER BY t.type_id LIMIT ?`);
    this.pageAfter = db.prepare(
      `${select} WHERE t.community_id = ? AND t.type_id > ? ORDER BY t.type_id LIMIT ?`,
    );
  }

  typeCreated(communityId: string, typeId: number, name: string): void {
    this.upsertName.run(communityId, typeId, name);
  }

  listingCreated(communityId: string, listing: { id: number; typeId: number; price: number }): void {
    this.ensureType.run(communityId, listing.typeId);
    this.insertListing.run(communityId, listing.id, listing.typeId, listing.price);
  }

  listingCancelled(communityId: string, listingId: number): void {
    this.cancelListing.run(communityId, listingId);
  }

  /** Count a market sale once per listing (its status says whether it was counted); false when seen before. */
  listingSold(communityId: string, listing: { id: number; typeId: number }, price: number): boolean {
    if (this.statusOf.get(communityId, listing.id) === 'sold') return false;
    this.ensureType.run(communityId, listing.typeId);
    this.markSold.run({ communityId, listingId: listing.id, typeId: listing.typeId, price });
    this.addMarketSale.run({ communityId, typeId: listing.typeId, price });
    return true;
  }

  /**
   * The artifacts service sets a type's lastPrice on a shop purchase (`bought`), a market sale (`sold`)
   * and a trade for tickets alone (`traded`, each given edition at its share); a shop purchase is also a
   * shop sale, and its revert (the minted edition destroyed) takes the sale back. Any revert takes back
   * the price its purchase set.
   */
  editionMoved(communityId: string, move: EditionMove): void {
    switch (move.kind) {
      case 'bought':
        if (move.price === null) return;
        this.countShopSale(communityId, move.editionId, move.typeId, move.price);
        this.setLastPrice(communityId, move, move.price);
        return;
      case 'sold':
        if (move.price !== null) this.setLastPrice(communityId, move, move.price);
        return;
      case 'traded':
        // The wanted editions of a trade move at no price; the given ones at their share, which sets the
        // last price only when nothing but tickets came back (the offer said so).
        if (move.price !== null && this.isTicketTradeEdition.get(communityId, move.editionId) !== undefined) {
          this.setLastPrice(communityId, move, move.price);
        }
        return;
      case 'reverted':
        // Only a shop purchase's revert destroys the edition (no owner); other reverts give it back.
        if (move.toId === null) this.takeBackShopSale(communityId, move.editionId);
        this.takeBackPrice(communityId, move.editionId, move.requestId);
        return;
      default:
        return;
    }
  }

  /** Remember the given editions of an offer for tickets alone (an edition is in one open offer at most). */
  tradeOffered(communityId: string, offer: TicketTradeOffer): void {
    for (const editionId of offer.giveEditionIds) {
      this.forgetTicketTradeEdition.run(communityId, editionId);
      if (offer.forTicketsAlone) this.rememberTicketTradeEdition.run(communityId, editionId, offer.tradeId);
    }
  }

  /** A closed offer (accepted, declined, cancelled or expired) moves no edition any more. */
  tradeClosed(communityId: string, tradeId: number): void {
    this.forgetTicketTrade.run(communityId, tradeId);
  }

  page(communityId: string, afterTypeId: number | null, limit: number): MarketTypeStats[] {
    return (
      afterTypeId === null
        ? this.pageFirst.all(communityId, limit)
        : this.pageAfter.all(communityId, afterTypeId, limit)
    ) as MarketTypeStats[];
  }

  /** Once per edition: the same event seen again finds its row. */
  private countShopSale(communityId: string, editionId: number, typeId: number, price: number): void {
    this.ensureType.run(communityId, typeId);
    if (this.insertShopSale.run({ communityId, editionId, typeId, price }).changes === 0) return;
    this.addShopSale.run({ communityId, typeId, price, sign: 1 });
  }

  private takeBackShopSale(communityId: string, editionId: number): void {
    const sale = this.shopSaleOf.get(communityId, editionId) as { typeId: number; price: number } | undefined;
    if (sale === undefined) return;
    this.revertShopSale.run(communityId, editionId);
    this.addShopSale.run({ communityId, typeId: sale.typeId, price: sale.price, sign: -1 });
  }

  /**
   * Remember the move that sets the price, then set it. A move older than the one the price came from, or
   * one already undone (an event seen again), leaves it.
   */
  private setLastPrice(communityId: string, move: EditionMove, price: number): void {
    this.ensureType.run(communityId, move.typeId);
    const { typeId, editionId, requestId, provenanceSeq: seq } = move;
    this.insertPriceMove.run({ communityId, seq, typeId, editionId, requestId, price });
    if (this.isRevertedPriceMove.get(communityId, seq) !== undefined) return;
    this.updateLastPrice.run({ communityId, typeId, price, seq });
  }

  /**
   * A purchase undone (its reverted move names the edition and the request): its price move no longer
   * counts, and the type's last price is the newest move left, or null, as the artifacts service
   * recomputes it from its provenance. A revert of nothing remembered (seen again, or from before this
   * table existed) changes nothing.
   */
  private takeBackPrice(communityId: string, editionId: number, requestId: string): void {
    const undone = this.revertPriceMoves.all(communityId, editionId, requestId) as { typeId: number }[];
    for (const typeId of new Set(undone.map((row) => row.typeId))) {
      const latest = this.latestPriceMove.get(communityId, typeId) as
        { price: number; seq: number } | undefined;
      this.resetLastPrice.run({
        communityId,
        typeId,
        price: latest?.price ?? null,
        seq: latest?.seq ?? null,
      });
    }
  }
}
