import { OUTBOX_TABLE_SQL } from '@ticketonomics/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsInit1764400000000 implements MigrationInterface {
  name = 'AccountsInit1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      // username_key is the lower-cased username: usernames are unique case-insensitively.
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT,
        username_key TEXT,
        display_name TEXT NOT NULL,
        language TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK ((username IS NULL) = (username_key IS NULL))
      )`,
      `CREATE UNIQUE INDEX users_username ON users (username_key) WHERE username_key IS NOT NULL`,
      `CREATE TABLE identities (
        provider TEXT NOT NULL,
        external_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id),
        linked_at INTEGER NOT NULL,
        PRIMARY KEY (provider, external_id)
      )`,
      `CREATE INDEX identities_user ON identities (user_id)`,
      `CREATE TABLE communities (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        telegram_chat_id TEXT UNIQUE,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `CREATE TABLE memberships (
        community_id TEXT NOT NULL REFERENCES communities (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        role TEXT NOT NULL CHECK (role IN ('member', 'admin', 'owner')),
        status TEXT NOT NULL CHECK (status IN ('active', 'left')),
        joined_at INTEGER NOT NULL,
        left_at INTEGER,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, user_id)
      )`,
      `CREATE INDEX memberships_list ON memberships (community_id, status, user_id)`,
      `CREATE INDEX memberships_user ON memberships (user_id)`,
      ...OUTBOX_TABLE_SQL,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'memberships', 'communities', 'identities', 'users']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
