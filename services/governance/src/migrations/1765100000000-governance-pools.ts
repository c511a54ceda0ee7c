import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cooperation pools and their pledges. A pledge row is written ('holding') before its ledger hold is asked
 * for, and a pool is marked 'settling' or 'releasing' before the ledger calls that close it, so a restart
 * finds every step it has to finish.
 */
export class GovernancePools1765100000000 implements MigrationInterface {
  name = 'GovernancePools1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE pools (
        community_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        opener_id TEXT NOT NULL,
        title TEXT NOT NULL,
        purpose TEXT NOT NULL CHECK (purpose IN ('treasury', 'prize', 'artifact')),
        recipient_id TEXT,
        target_amount INTEGER NOT NULL CHECK (target_amount > 0),
        deadline INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'settling', 'settled', 'releasing', 'released')),
        pledged_amount INTEGER NOT NULL DEFAULT 0 CHECK (pledged_amount >= 0),
        pledge_count INTEGER NOT NULL DEFAULT 0 CHECK (pledge_count >= 0),
        next_pledge_seq INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        closing_at INTEGER,
        closed_at INTEGER,
        release_reason TEXT CHECK (release_reason IN ('deadline', 'cancelled', 'refused')),
        cancelled_by TEXT,
        failure TEXT,
        PRIMARY KEY (community_id, id),
        UNIQUE (community_id, request_id)
      )`,
      `CREATE INDEX pools_by_status ON pools (status, deadline)`,
      `CREATE TABLE pool_pledges (
        community_id TEXT NOT NULL,
        pool_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        status TEXT NOT NULL CHECK (status IN ('holding', 'held', 'posted', 'voided')),
        hold_timeout_ms INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, pool_id, seq),
        UNIQUE (community_id, pool_id, request_id)
      )`,
      `CREATE INDEX pool_pledges_holding ON pool_pledges (created_at) WHERE status = 'holding'`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE pool_pledges');
    await queryRunner.query('DROP TABLE pools');
  }
}
