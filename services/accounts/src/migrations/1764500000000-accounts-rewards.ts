import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reward settings per community, and each member's activity counters (message rewards, /daily streak). */
export class AccountsRewards1764500000000 implements MigrationInterface {
  name = 'AccountsRewards1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      // rewards is the full RewardSettings JSON, validated on the way in and out.
      `CREATE TABLE community_settings (
        community_id TEXT PRIMARY KEY REFERENCES communities (id),
        rewards TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `CREATE TABLE activity (
        community_id TEXT NOT NULL REFERENCES communities (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        day TEXT,
        rewards_today INTEGER NOT NULL DEFAULT 0,
        last_rewarded_at INTEGER,
        last_text_hash TEXT,
        last_message_key TEXT,
        last_outcome TEXT,
        last_amount INTEGER NOT NULL DEFAULT 0,
        daily_day TEXT,
        daily_streak INTEGER NOT NULL DEFAULT 0,
        daily_amount INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (community_id, user_id)
      )`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['activity', 'community_settings']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
