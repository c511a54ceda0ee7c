import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models. Times are epoch milliseconds of the bucket's start (hour, UTC day or ISO week). Every
 * table but analytics_position is a read model: rebuild empties them all (READ_MODEL_TABLES).
 */
export class AnalyticsInit1764800000000 implements MigrationInterface {
  name = 'AnalyticsInit1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      // One row: how far this replica has applied the stream, written in each batch's transaction.
      `CREATE TABLE analytics_position (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        applied_seq INTEGER NOT NULL,
        events_applied INTEGER NOT NULL,
        events_malformed INTEGER NOT NULL,
        newest_event_ms INTEGER NOT NULL,
        rebuild_started_ms INTEGER,
        rebuild_target_seq INTEGER
      )`,
      `INSERT INTO analytics_position VALUES (1, 0, 0, 0, 0, NULL, NULL)`,
      // balance_seq is the journal seq of the snapshot the balance came from: an older one never wins.
      `CREATE TABLE accounts (
        account_id TEXT PRIMARY KEY,
        community_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        owner_id TEXT,
        balance INTEGER NOT NULL,
        balance_seq INTEGER NOT NULL
      )`,
      `CREATE INDEX accounts_by_community ON accounts (community_id, account_id)`,
      `CREATE INDEX accounts_by_balance ON accounts (community_id, kind, balance)`,
      // last_journal_seq makes a transfer event seen again (a republish past JetStream's duplicate window) count once.
      `CREATE TABLE communities (
        community_id TEXT PRIMARY KEY,
        last_journal_seq INTEGER NOT NULL DEFAULT 0,
        journal_rows INTEGER NOT NULL DEFAULT 0,
        transfers_total INTEGER NOT NULL DEFAULT 0,
        volume_total INTEGER NOT NULL DEFAULT 0,
        minted INTEGER NOT NULL DEFAULT 0,
        burned INTEGER NOT NULL DEFAULT 0,
        tax_total INTEGER NOT NULL DEFAULT 0,
        fees_total INTEGER NOT NULL DEFAULT 0,
        rewards_count INTEGER NOT NULL DEFAULT 0,
        rewards_total INTEGER NOT NULL DEFAULT 0,
        last_event_ms INTEGER
      )`,
      ...['series_hours', 'series_days'].map(
        (table) => `CREATE TABLE ${table} (
          community_id TEXT NOT NULL,
          start_ms INTEGER NOT NULL,
          transfers INTEGER NOT NULL DEFAULT 0,
          volume INTEGER NOT NULL DEFAULT 0,
          velocity_volume INTEGER NOT NULL DEFAULT 0,
          active INTEGER NOT NULL DEFAULT 0,
          supply INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (community_id, start_ms)
        ) WITHOUT ROWID`,
      ),
      ...['activity_hours', 'activity_days'].map(
        (table) => `CREATE TABLE ${table} (
          community_id TEXT NOT NULL,
          start_ms INTEGER NOT NULL,
          account_id TEXT NOT NULL,
          PRIMARY KEY (community_id, start_ms, account_id)
        ) WITHOUT ROWID`,
      ),
      `CREATE TABLE earnings_weeks (
        community_id TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        owner_id TEXT,
        amount INTEGER NOT NULL,
        PRIMARY KEY (community_id, start_ms, account_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX earnings_weeks_top ON earnings_weeks (community_id, start_ms, amount)`,
      `CREATE TABLE market_types (
        community_id TEXT NOT NULL,
        type_id INTEGER NOT NULL,
        name TEXT,
        sales INTEGER NOT NULL DEFAULT 0,
        volume INTEGER NOT NULL DEFAULT 0,
        last_price INTEGER,
        PRIMARY KEY (community_id, type_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE market_listings (
        community_id TEXT NOT NULL,
        listing_id INTEGER NOT NULL,
        type_id INTEGER NOT NULL,
        price INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'sold', 'cancelled')),
        PRIMARY KEY (community_id, listing_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX market_listings_floor ON market_listings (community_id, type_id, status, price)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['analytics_position', ...READ_MODEL_TABLES]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}

/** Every read-model table: what a rebuild empties. */
export const READ_MODEL_TABLES = [
  'accounts',
  'communities',
  'series_hours',
  'series_days',
  'activity_hours',
  'activity_days',
  'earnings_weeks',
  'market_types',
  'market_listings',
] as const;
