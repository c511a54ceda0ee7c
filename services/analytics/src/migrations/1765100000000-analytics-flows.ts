import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money flows per community and UTC day (flows.get), and the reward mints announced by accounts and not
 * yet seen in the ledger's rows (how a reward's mint is told from an admin's). Existing replicas start
 * with the days from the upgrade on: `npm run analytics:rebuild` fills the days the stream still holds.
 */
export class AnalyticsFlows1765100000000 implements MigrationInterface {
  name = 'AnalyticsFlows1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE flow_days (
        community_id TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        emitted INTEGER NOT NULL DEFAULT 0,
        rewarded INTEGER NOT NULL DEFAULT 0,
        rewards_minted INTEGER NOT NULL DEFAULT 0,
        minted INTEGER NOT NULL DEFAULT 0,
        taxed INTEGER NOT NULL DEFAULT 0,
        burned INTEGER NOT NULL DEFAULT 0,
        supply INTEGER NOT NULL,
        treasury INTEGER NOT NULL,
        PRIMARY KEY (community_id, start_ms)
      ) WITHOUT ROWID`,
      `CREATE TABLE reward_mints (
        community_id TEXT NOT NULL,
        mint_id TEXT NOT NULL,
        announced_ms INTEGER NOT NULL,
        PRIMARY KEY (community_id, mint_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX reward_mints_by_time ON reward_mints (announced_ms)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of FLOW_TABLES) await queryRunner.query(`DROP TABLE ${table}`);
  }
}

/** The read-model tables this migration adds: a rebuild empties them too. */
export const FLOW_TABLES = ['flow_days', 'reward_mints'] as const;
