import type { Database, Statement } from 'better-sqlite3';
import { DomainError, type ShopItem } from '@ticketonomics/contracts';

export interface ShopItemRow {
  communityId: string;
  id: number;
  typeId: number;
  price: number;
  /** Units left to sell; null: as many as the type's supply allows. */
  stock: number | null;
  sold: number;
  startsAt: number | null;
  endsAt: number | null;
  closed: boolean;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `s.community_id AS communityId, s.id, s.type_id AS typeId, s.price, s.stock, s.sold,
  s.starts_at AS startsAt, s.ends_at AS endsAt, s.closed, s.created_at AS createdAt, s.updated_at AS updatedAt`;

type Stored = Omit<ShopItemRow, 'closed'> & { closed: number };
const fromStored = (row: Stored): ShopItemRow => ({ ...row, closed: row.closed === 1 });

export class ShopStore {
  private readonly selectOne: Statement;
  private readonly selectOnSale: Statement;
  private readonly upsertOne: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM shop_items s WHERE s.community_id = ? AND s.id = ?`);
    // On sale now: open, inside its window, with stock left and supply left.
    this.selectOnSale = db.prepare(
      `SELECT ${COLUMNS} FROM shop_items s JOIN types t ON t.community_id = s.community_id AND t.id = s.type_id
       WHERE s.community_id = @communityId AND s.id > @afterId AND s.closed = 0
        AND (s.starts_at IS NULL OR s.starts_at <= @now) AND (s.ends_at IS NULL OR s.ends_at > @now)
        AND (s.stock IS NULL OR s.stock > 0) AND (t.supply_max IS NULL OR t.minted < t.supply_max)
       ORDER BY s.id LIMIT @limit`,
    );
    this.upsertOne = db.prepare(
      `INSERT INTO shop_items (community_id, id, type_id, price, stock, sold, starts_at, ends_at, closed,
        created_at, updated_at)
       VALUES (@communityId, @id, @typeId, @price, @stock, @sold, @startsAt, @endsAt, @closed, @createdAt,
        @updatedAt)
       ON CONFLICT (community_id, id) DO UPDATE SET price = excluded.price, stock = excluded.stock,
        sold = excluded.sold, closed = excluded.closed, updated_at = excluded.updated_at`,
    );
  }

  find(communityId: string, id: number): ShopItemRow | undefined {
    const row = this.selectOne.get(communityId, id) as Stored | undefined;
    return row === undefined ? undefined : fromStored(row);
  }

  require(communityId: string, id: number): ShopItemRow {
    const row = this.find(communityId, id);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `shopItemId: no shop item ${id} in ${communityId}; see what is on sale with tk.cmd.artifacts.shop.browse`,
        { field: 'shopItemId', shopItemId: id },
      );
    }
    return row;
  }

  onSale(communityId: string, afterId: number, limit: number, now: number): ShopItemRow[] {
    return (this.selectOnSale.all({ communityId, afterId, limit, now }) as Stored[]).map(fromStored);
  }

  save(row: ShopItemRow): void {
    this.upsertOne.run({ ...row, closed: row.closed ? 1 : 0 });
  }
}

export function toShopItem(row: ShopItemRow): ShopItem {
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  return {
    communityId: row.communityId,
    id: row.id,
    typeId: row.typeId,
    price: row.price,
    stock: row.stock,
    sold: row.sold,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    closed: row.closed,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
