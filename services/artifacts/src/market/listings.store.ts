import type { Database, Statement } from 'better-sqlite3';
import { DomainError, type Listing } from '@ticketonomics/contracts';

export type ListingStatus = Listing['status'];

export interface ListingRow {
  communityId: string;
  id: number;
  editionId: number;
  typeId: number;
  sellerId: string;
  price: number;
  status: ListingStatus;
  buyerId: string | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `community_id AS communityId, id, edition_id AS editionId, type_id AS typeId,
  seller_id AS sellerId, price, status, buyer_id AS buyerId, created_at AS createdAt, updated_at AS updatedAt`;

export interface BrowseQuery {
  communityId: string;
  status: ListingStatus;
  typeId: number | null;
  /** Position after which the page starts: cheapest first, then by number. */
  after: { price: number; id: number } | null;
  limit: number;
}

export class ListingsStore {
  private readonly selectOne: Statement;
  private readonly selectActiveOfEdition: Statement;
  private readonly selectBrowse: Statement;
  private readonly upsertOne: Statement;
  private readonly selectActiveEditionIds: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM listings WHERE community_id = ? AND id = ?`);
    this.selectActiveEditionIds = db
      .prepare(`SELECT edition_id FROM listings WHERE community_id = ? AND status = 'active'`)
      .pluck();
    this.selectActiveOfEdition = db.prepare(
      `SELECT ${COLUMNS} FROM listings WHERE community_id = ? AND edition_id = ? AND status = 'active'`,
    );
    this.selectBrowse = db.prepare(
      `SELECT ${COLUMNS} FROM listings
       WHERE community_id = @communityId AND status = @status AND (@typeId IS NULL OR type_id = @typeId)
        AND (price > @afterPrice OR (price = @afterPrice AND id > @afterId))
       ORDER BY price, id LIMIT @limit`,
    );
    this.upsertOne = db.prepare(
      `INSERT INTO listings (community_id, id, edition_id, type_id, seller_id, price, status, buyer_id,
        created_at, updated_at)
       VALUES (@communityId, @id, @editionId, @typeId, @sellerId, @price, @status, @buyerId, @createdAt, @updatedAt)
       ON CONFLICT (community_id, id) DO UPDATE SET status = excluded.status, buyer_id = excluded.buyer_id,
        updated_at = excluded.updated_at`,
    );
  }

  /** The editions held by the community's active listings (for provenance.verify). */
  activeEditionIds(communityId: string): number[] {
    return this.selectActiveEditionIds.all(communityId) as number[];
  }

  find(communityId: string, id: number): ListingRow | undefined {
    return this.selectOne.get(communityId, id) as ListingRow | undefined;
  }

  require(communityId: string, id: number): ListingRow {
    const row = this.find(communityId, id);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `listingId: no listing ${id} in ${communityId}; see the market with tk.cmd.artifacts.listing.browse`,
        { field: 'listingId', listingId: id },
      );
    }
    return row;
  }

  activeOfEdition(communityId: string, editionId: number): ListingRow | undefined {
    return this.selectActiveOfEdition.get(communityId, editionId) as ListingRow | undefined;
  }

  browse(query: BrowseQuery): ListingRow[] {
    return this.selectBrowse.all({
      communityId: query.communityId,
      status: query.status,
      typeId: query.typeId,
      afterPrice: query.after?.price ?? -1,
      afterId: query.after?.id ?? 0,
      limit: query.limit,
    }) as ListingRow[];
  }

  save(row: ListingRow): void {
    this.upsertOne.run(row);
  }
}

export function toListing(row: ListingRow): Listing {
  return {
    communityId: row.communityId,
    id: row.id,
    editionId: row.editionId,
    typeId: row.typeId,
    sellerId: row.sellerId,
    price: row.price,
    status: row.status,
    buyerId: row.buyerId,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
