import type { MarketTypeStats } from '@ticketonomics/contracts';
import type { Database, Statement } from 'better-sqlite3';

/** Per artifact type: sales on the market and its listings (active ones give the floor). */
export class MarketStore {
  private readonly upsertName: Statement;
  private readonly ensureType: Statement;
  private readonly insertListing: Statement;
  private readonly cancelListing: Statement;
  private readonly statusOf: Statement;
  private readonly markSold: Statement;
  private readonly addSale: Statement;
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
    this.addSale = db.prepare(
      `UPDATE market_types SET sales = sales + 1, volume = volume + @price, last_price = @price
       WHERE community_id = @communityId AND type_id = @typeId`,
    );
    const select = `SELECT t.type_id AS typeId, t.name, t.sales, t.volume, t.last_price AS lastPrice,
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

  /** Count a sale once per listing (its status says whether it was counted); false when seen before. */
  listingSold(communityId: string, listing: { id: number; typeId: number }, price: number): boolean {
    if (this.statusOf.get(communityId, listing.id) === 'sold') return false;
    this.ensureType.run(communityId, listing.typeId);
    this.markSold.run({ communityId, listingId: listing.id, typeId: listing.typeId, price });
    this.addSale.run({ communityId, typeId: listing.typeId, price });
    return true;
  }

  page(communityId: string, afterTypeId: number | null, limit: number): MarketTypeStats[] {
    return (
      afterTypeId === null
        ? this.pageFirst.all(communityId, limit)
        : this.pageAfter.all(communityId, afterTypeId, limit)
    ) as MarketTypeStats[];
  }
}
