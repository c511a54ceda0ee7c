import { OUTBOX_TABLE_SQL } from '@ticketonomics/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const NEVER_CHANGED = 'provenance is append-only: an ownership change is undone by a new reverted row';

export class ArtifactsInit1764700000000 implements MigrationInterface {
  name = 'ArtifactsInit1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE settings (
        community_id TEXT PRIMARY KEY,
        market_fee_bps INTEGER NOT NULL,
        member_creation_enabled INTEGER NOT NULL,
        creation_fee INTEGER NOT NULL,
        trade_ttl_ms INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      // Numbers per community and kind (type, edition, listing, trade, shop): handed out once, never reused.
      `CREATE TABLE counters (
        community_id TEXT NOT NULL,
        name TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (community_id, name)
      )`,
      `CREATE TABLE types (
        community_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        emoji TEXT,
        image_url TEXT,
        rarity TEXT NOT NULL,
        supply_max INTEGER,
        minted INTEGER NOT NULL DEFAULT 0,
        burned INTEGER NOT NULL DEFAULT 0,
        creator_id TEXT NOT NULL,
        royalty_bps INTEGER NOT NULL,
        last_price INTEGER,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, id),
        CHECK (supply_max IS NULL OR minted <= supply_max)
      )`,
      // settling: the request whose payment is not yet posted; the edition cannot change hands until it is.
      `CREATE TABLE editions (
        community_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        type_id INTEGER NOT NULL,
        serial INTEGER NOT NULL,
        owner_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('owned', 'listed', 'in_trade', 'burned')),
        settling TEXT,
        minted_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, id),
        UNIQUE (community_id, type_id, serial),
        FOREIGN KEY (community_id, type_id) REFERENCES types (community_id, id),
        CHECK ((status = 'burned') = (owner_id IS NULL))
      )`,
      `CREATE INDEX editions_owner ON editions (community_id, owner_id, id)`,
      `CREATE TABLE provenance (
        community_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        edition_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        from_id TEXT,
        to_id TEXT,
        price INTEGER,
        request_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (community_id, seq)
      )`,
      `CREATE INDEX provenance_edition ON provenance (community_id, edition_id, seq)`,
      `CREATE TRIGGER provenance_no_update BEFORE UPDATE ON provenance
        BEGIN SELECT RAISE(ABORT, '${NEVER_CHANGED}'); END`,
      `CREATE TRIGGER provenance_no_delete BEFORE DELETE ON provenance
        BEGIN SELECT RAISE(ABORT, '${NEVER_CHANGED}'); END`,
      // stock: units left to sell (null: as many as the type's supply allows).
      `CREATE TABLE shop_items (
        community_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        type_id INTEGER NOT NULL,
        price INTEGER NOT NULL,
        stock INTEGER CHECK (stock IS NULL OR stock >= 0),
        sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
        starts_at INTEGER,
        ends_at INTEGER,
        closed INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, id)
      )`,
      `CREATE TABLE listings (
        community_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        edition_id INTEGER NOT NULL,
        type_id INTEGER NOT NULL,
        seller_id TEXT NOT NULL,
        price INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'sold', 'cancelled')),
        buyer_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, id)
      )`,
      // An edition is on the market at most once at a time.
      `CREATE UNIQUE INDEX listings_active_edition ON listings (community_id, edition_id) WHERE status = 'active'`,
      `CREATE INDEX listings_browse ON listings (community_id, status, price, id)`,
      `CREATE TABLE trades (
        community_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        from_id TEXT NOT NULL,
        to_id TEXT NOT NULL,
        give_edition_ids TEXT NOT NULL,
        want_edition_ids TEXT NOT NULL,
        want_amount INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'cancelled', 'expired')),
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, id)
      )`,
      `CREATE INDEX trades_open_expiry ON trades (expires_at) WHERE status = 'open'`,
      `CREATE INDEX trades_from ON trades (community_id, from_id, id)`,
      `CREATE INDEX trades_to ON trades (community_id, to_id, id)`,
      // The first answer to each request id, so a repeat gets it again.
      `CREATE TABLE requests (
        community_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        command TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        request_json TEXT NOT NULL,
        result_json TEXT,
        error_json TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, request_id)
      )`,
      // Purchases paid through a ledger hold, with everything needed to finish or undo them.
      `CREATE TABLE sagas (
        community_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('shop_buy', 'listing_buy', 'trade_accept', 'type_create')),
        state TEXT NOT NULL CHECK (state IN ('holding', 'item_moved', 'posted', 'completed', 'failed')),
        buyer_id TEXT NOT NULL,
        hold_json TEXT NOT NULL,
        payouts_json TEXT NOT NULL,
        payment_json TEXT NOT NULL,
        plan_json TEXT NOT NULL,
        moved_json TEXT,
        result_json TEXT,
        error_json TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, request_id)
      )`,
      `CREATE INDEX sagas_unfinished ON sagas (next_attempt_at) WHERE state NOT IN ('completed', 'failed')`,
      ...OUTBOX_TABLE_SQL,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const tables = ['outbox', 'sagas', 'requests', 'trades', 'listings', 'shop_items'];
    for (const table of [...tables, 'provenance', 'editions', 'types', 'counters', 'settings']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
