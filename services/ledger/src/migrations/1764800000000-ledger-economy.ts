import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emission, distribution and sinks: the policy's new settings (JSON, with defaults that keep the old
 * behaviour), the member facts eligibility needs, each member's rewards per UTC hour (the `earned` rule's
 * weights), each community's schedule state, one row per applied period (the exactly-once key), and the
 * treasury grants with who approved them.
 */
export class LedgerEconomy1764800000000 implements MigrationInterface {
  name = 'LedgerEconomy1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE policies ADD COLUMN tax_destination TEXT NOT NULL DEFAULT 'treasury'`,
      `ALTER TABLE policies ADD COLUMN emission TEXT`,
      `ALTER TABLE policies ADD COLUMN distribution TEXT`,
      `ALTER TABLE policies ADD COLUMN demurrage TEXT`,
      `CREATE TABLE members (
        community_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('member', 'admin', 'owner')),
        status TEXT NOT NULL CHECK (status IN ('active', 'left')),
        joined_at INTEGER NOT NULL,
        last_active_at INTEGER,
        PRIMARY KEY (community_id, user_id)
      ) WITHOUT ROWID`,
      // Members the ledger knew before it kept member facts: each user account's owner, joined when the
      // account opened, never active yet.
      `INSERT INTO members (community_id, user_id, role, status, joined_at, last_active_at)
        SELECT community_id, owner_id, 'member', 'active', created_at, NULL FROM accounts
        WHERE kind = 'user' AND owner_id IS NOT NULL`,
      `CREATE TABLE member_earnings (
        community_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        hour INTEGER NOT NULL,
        amount INTEGER NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (community_id, hour, user_id)
      )`,
      `CREATE TABLE emission_state (
        community_id TEXT PRIMARY KEY,
        period TEXT NOT NULL,
        next_period INTEGER NOT NULL,
        last_applied_period INTEGER,
        periods_applied INTEGER NOT NULL DEFAULT 0,
        periods_skipped INTEGER NOT NULL DEFAULT 0,
        emitted_total INTEGER NOT NULL DEFAULT 0,
        demurrage_total INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE TABLE emission_periods (
        community_id TEXT NOT NULL,
        period TEXT NOT NULL,
        period_index INTEGER NOT NULL,
        emitted INTEGER NOT NULL,
        demurrage INTEGER NOT NULL,
        applied_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, period, period_index)
      ) WITHOUT ROWID`,
      `CREATE TABLE treasury_grants (
        id TEXT PRIMARY KEY REFERENCES transfers (id),
        community_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'treasury_grants',
      'emission_periods',
      'emission_state',
      'member_earnings',
      'members',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    for (const column of ['demurrage', 'distribution', 'emission', 'tax_destination']) {
      await queryRunner.query(`ALTER TABLE policies DROP COLUMN ${column}`);
    }
  }
}
