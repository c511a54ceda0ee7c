import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shop sales and the last price of shop purchases and trades beside market sales. Existing rows keep their
 * market figures and start with no shop sales: `npm run analytics:rebuild` replays the stream to fill them.
 */
export class AnalyticsMarketShop1764900000000 implements MigrationInterface {
  name = 'AnalyticsMarketShop1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE market_types RENAME COLUMN sales TO market_sales`,
      `ALTER TABLE market_types RENAME COLUMN volume TO market_volume`,
      `ALTER TABLE market_types ADD COLUMN shop_sales INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE market_types ADD COLUMN shop_volume INTEGER NOT NULL DEFAULT 0`,
      // The provenance seq last_price came from: an event seen again (a republish) never sets an older one.
      `ALTER TABLE market_types ADD COLUMN last_price_seq INTEGER`,
      // One row per shop purchase counted: counts it once, and says what to take back if it is undone.
      `CREATE TABLE market_shop_sales (
        community_id TEXT NOT NULL,
        edition_id INTEGER NOT NULL,
        type_id INTEGER NOT NULL,
        price INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('sold', 'reverted')),
        PRIMARY KEY (community_id, edition_id)
      ) WITHOUT ROWID`,
      // The editions offered in an open trade for tickets alone: their 'traded' moves set the last price.
      `CREATE TABLE market_ticket_trades (
        community_id TEXT NOT NULL,
        edition_id INTEGER NOT NULL,
        trade_id INTEGER NOT NULL,
        PRIMARY KEY (community_id, edition_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX market_ticket_trades_by_trade ON market_ticket_trades (community_id, trade_id)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      ...MARKET_SHOP_TABLES.map((table) => `DROP TABLE ${table}`),
      `ALTER TABLE market_types DROP COLUMN last_price_seq`,
      `ALTER TABLE market_types DROP COLUMN shop_volume`,
      `ALTER TABLE market_types DROP COLUMN shop_sales`,
      `ALTER TABLE market_types RENAME COLUMN market_volume TO volume`,
      `ALTER TABLE market_types RENAME COLUMN market_sales TO sales`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }
}

/** The read-model tables this migration adds: a rebuild empties them too. */
export const MARKET_SHOP_TABLES = ['market_shop_sales', 'market_ticket_trades'] as const;
