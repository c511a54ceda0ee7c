import type { Database, Statement } from 'better-sqlite3';
import { DomainError, type ArtifactType, type Rarity } from '@ticketonomics/contracts';

export interface TypeRow {
  communityId: string;
  id: number;
  name: string;
  description: string;
  emoji: string | null;
  imageUrl: string | null;
  rarity: Rarity;
  supplyMax: number | null;
  minted: number;
  burned: number;
  creatorId: string;
  royaltyBps: number;
  lastPrice: number | null;
  createdAt: number;
}

export const TYPE_COLUMNS = `community_id AS communityId, id, name, description, emoji, image_url AS imageUrl,
  rarity, supply_max AS supplyMax, minted, burned, creator_id AS creatorId, royalty_bps AS royaltyBps,
  last_price AS lastPrice, created_at AS createdAt`;

export class TypesStore {
  private readonly selectOne: Statement;
  private readonly selectPage: Statement;
  private readonly insertOne: Statement;
  private readonly updateCounts: Statement;
  private readonly updateLastPrice: Statement;
  private readonly selectLastPriceFromProvenance: Statement;
  private readonly deleteOne: Statement;
  private readonly countUses: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${TYPE_COLUMNS} FROM types WHERE community_id = ? AND id = ?`);
    this.selectPage = db.prepare(
      `SELECT ${TYPE_COLUMNS} FROM types WHERE community_id = ? AND id > ? ORDER BY id LIMIT ?`,
    );
    this.insertOne = db.prepare(
      `INSERT INTO types (community_id, id, name, description, emoji, image_url, rarity, supply_max, minted,
        burned, creator_id, royalty_bps, last_price, created_at)
       VALUES (@communityId, @id, @name, @description, @emoji, @imageUrl, @rarity, @supplyMax, @minted,
        @burned, @creatorId, @royaltyBps, @lastPrice, @createdAt)`,
    );
    this.updateCounts = db.prepare(
      `UPDATE types SET minted = minted + ?, burned = burned + ? WHERE community_id = ? AND id = ?`,
    );
    this.updateLastPrice = db.prepare(`UPDATE types SET last_price = ? WHERE community_id = ? AND id = ?`);
    // The newest provenance row that set the type's lastPrice and was not undone since: a shop purchase
    // (bought) or market sale (sold) at its price, or a given edition of a trade for tickets alone (traded
    // with a price, where no edition came back: those move at no price under the same request). A
    // purchase undone by its saga left a reverted row under its request id on the same edition.
    this.selectLastPriceFromProvenance = db
      .prepare(
        `SELECT p.price FROM provenance p
         JOIN editions e ON e.community_id = p.community_id AND e.id = p.edition_id
         WHERE p.community_id = @communityId AND e.type_id = @typeId
           AND p.kind IN ('bought', 'sold', 'traded') AND p.price IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM provenance r
             WHERE r.community_id = p.community_id AND r.edition_id = p.edition_id
               AND r.kind = 'reverted' AND r.request_id = p.request_id)
           AND (p.kind <> 'traded' OR NOT EXISTS (SELECT 1 FROM provenance w
             WHERE w.community_id = p.community_id AND w.request_id = p.request_id
               AND w.kind = 'traded' AND w.price IS NULL))
         ORDER BY p.seq DESC LIMIT 1`,
      )
      .pluck();
    this.deleteOne = db.prepare(`DELETE FROM types WHERE community_id = ? AND id = ?`);
    this.countUses = db.prepare(
      `SELECT (SELECT COUNT(*) FROM editions WHERE community_id = @c AND type_id = @t)
        + (SELECT COUNT(*) FROM shop_items WHERE community_id = @c AND type_id = @t) AS n`,
    );
  }

  find(communityId: string, id: number): TypeRow | undefined {
    return this.selectOne.get(communityId, id) as TypeRow | undefined;
  }

  require(communityId: string, id: number, field = 'typeId'): TypeRow {
    const row = this.find(communityId, id);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `${field}: no artifact type ${id} in ${communityId}; list them with tk.cmd.artifacts.type.list`,
        { field, typeId: id },
      );
    }
    return row;
  }

  page(communityId: string, afterId: number, limit: number): TypeRow[] {
    return this.selectPage.all(communityId, afterId, limit) as TypeRow[];
  }

  insert(row: TypeRow): void {
    this.insertOne.run(row);
  }

  addCounts(communityId: string, id: number, minted: number, burned: number): void {
    this.updateCounts.run(minted, burned, communityId, id);
  }

  setLastPrice(communityId: string, id: number, price: number): void {
    this.updateLastPrice.run(price, communityId, id);
  }

  /**
   * After a purchase was undone (its reverted rows written): the lastPrice the type would have had without
   * it, from the provenance still standing (null when no sale stands). Recomputed rather than restored from
   * before the purchase, so a sale of the same type made in between keeps its price.
   */
  recomputeLastPrice(communityId: string, id: number): void {
    const price = this.selectLastPriceFromProvenance.get({ communityId, typeId: id }) as number | undefined;
    this.updateLastPrice.run(price ?? null, communityId, id);
  }

  /** Removes a type nothing refers to yet; returns false (and keeps it) otherwise. */
  deleteIfUnused(communityId: string, id: number): boolean {
    if ((this.countUses.get({ c: communityId, t: id }) as { n: number }).n > 0) return false;
    this.deleteOne.run(communityId, id);
    return true;
  }
}

/** Whether another edition of the type may still be minted. */
export function hasSupplyLeft(type: Pick<TypeRow, 'supplyMax' | 'minted'>): boolean {
  return type.supplyMax === null || type.minted < type.supplyMax;
}

export function toArtifactType(row: TypeRow): ArtifactType {
  return {
    communityId: row.communityId,
    id: row.id,
    name: row.name,
    description: row.description,
    emoji: row.emoji,
    imageUrl: row.imageUrl,
    rarity: row.rarity,
    supplyMax: row.supplyMax,
    minted: row.minted,
    burned: row.burned,
    creatorId: row.creatorId,
    royaltyBps: row.royaltyBps,
    lastPrice: row.lastPrice,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
