import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The edition moves that set a type's last price, so that a purchase the artifacts service undoes (its
 * hold expired before it was posted) can be taken out and the last price recomputed from those left, as
 * the artifacts service recomputes it from its provenance. Existing replicas start with none (a revert of
 * an older sale then leaves the last price as it is): `npm run analytics:rebuild` fills it.
 */
export class AnalyticsMarketPriceMoves1765000000000 implements MigrationInterface {
  name = 'AnalyticsMarketPriceMoves1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      // reverted: 1 once a reverted move of the same edition under the same request undid it.
      `CREATE TABLE market_price_moves (
        community_id TEXT NOT NULL,
        provenance_seq INTEGER NOT NULL,
        type_id INTEGER NOT NULL,
        edition_id INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        price INTEGER NOT NULL,
        reverted INTEGER NOT NULL DEFAULT 0 CHECK (reverted IN (0, 1)),
        PRIMARY KEY (community_id, provenance_seq)
      ) WITHOUT ROWID`,
      `CREATE INDEX market_price_moves_by_edition ON market_price_moves (community_id, edition_id, request_id)`,
      `CREATE INDEX market_price_moves_by_type ON market_price_moves (community_id, type_id, provenance_seq)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of MARKET_PRICE_TABLES) await queryRunner.query(`DROP TABLE ${table}`);
  }
}

/** The read-model tables this migration adds: a rebuild empties them too. */
export const MARKET_PRICE_TABLES = ['market_price_moves'] as const;
