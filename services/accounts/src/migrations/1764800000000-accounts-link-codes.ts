import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Link codes (a member's proof, through the bot, that a game identity may be linked to them) and the
 * wrong codes each community sent lately, which bound how many guesses it gets.
 */
export class AccountsLinkCodes1764800000000 implements MigrationInterface {
  name = 'AccountsLinkCodes1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      // code_hash is the hex SHA-256 of the code; the code itself is never stored. One code per user and
      // provider: a new one replaces the last. A used code stays (used_at, used_external_id) until it
      // expires, so the game's retry of the same redemption gets the same answer.
      `CREATE TABLE link_codes (
        code_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        provider TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        used_external_id TEXT
      )`,
      `CREATE UNIQUE INDEX link_codes_user_provider ON link_codes (user_id, provider)`,
      `CREATE INDEX link_codes_expiry ON link_codes (expires_at)`,
      `CREATE TABLE link_code_failures (
        community_id TEXT NOT NULL,
        at INTEGER NOT NULL
      )`,
      `CREATE INDEX link_code_failures_community ON link_code_failures (community_id, at)`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE link_code_failures`);
    await queryRunner.query(`DROP TABLE link_codes`);
  }
}
