import { OUTBOX_TABLE_SQL, PROCESSED_EVENTS_TABLE_SQL } from '@ticketonomics/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A community partition's file: communities, their members, settings, activity, API keys, webhooks and
 * deliveries, and the partition's own outbox, in the shape accounts.sqlite's migrations had left them.
 * Users live in the global partition, so a member's user id is not a foreign key here.
 */
export class AccountsCommunityPartition1765200000001 implements MigrationInterface {
  name = 'AccountsCommunityPartition1765200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE communities (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        telegram_chat_id TEXT UNIQUE,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `CREATE TABLE memberships (
        community_id TEXT NOT NULL REFERENCES communities (id),
        user_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('member', 'admin', 'owner')),
        status TEXT NOT NULL CHECK (status IN ('active', 'left')),
        joined_at INTEGER NOT NULL,
        left_at INTEGER,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (community_id, user_id)
      )`,
      `CREATE INDEX memberships_list ON memberships (community_id, status, user_id)`,
      `CREATE INDEX memberships_user ON memberships (user_id)`,
      `CREATE TABLE community_settings (
        community_id TEXT PRIMARY KEY REFERENCES communities (id),
        rewards TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        dashboard_public INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE TABLE activity (
        community_id TEXT NOT NULL REFERENCES communities (id),
        user_id TEXT NOT NULL,
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
      `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        community_id TEXT NOT NULL REFERENCES communities (id),
        name TEXT NOT NULL,
        scopes TEXT NOT NULL,
        prefix TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        rate_limit_per_minute INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at INTEGER,
        revoked_by TEXT,
        last_used_at INTEGER,
        request_id TEXT
      )`,
      `CREATE INDEX api_keys_community ON api_keys (community_id, id)`,
      `CREATE UNIQUE INDEX api_keys_request ON api_keys (community_id, request_id) WHERE request_id IS NOT NULL`,
      `CREATE TABLE webhooks (
        id TEXT PRIMARY KEY,
        community_id TEXT NOT NULL REFERENCES communities (id),
        url TEXT NOT NULL,
        event_types TEXT NOT NULL,
        secret TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
        failure_count INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        disabled_at INTEGER,
        disabled_reason TEXT,
        active_since INTEGER,
        secret_format TEXT NOT NULL DEFAULT 'standard' CHECK (secret_format IN ('legacy', 'standard'))
      )`,
      `CREATE INDEX webhooks_community ON webhooks (community_id, status)`,
      `CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        last_status_code INTEGER,
        last_error TEXT,
        next_attempt_at INTEGER,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER,
        UNIQUE (webhook_id, event_id)
      )`,
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
      `CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, id)`,
      `CREATE INDEX webhook_deliveries_age ON webhook_deliveries (created_at)`,
      `CREATE INDEX webhook_deliveries_due_by_webhook ON webhook_deliveries (webhook_id, next_attempt_at)
       WHERE status = 'pending'`,
      ...PROCESSED_EVENTS_TABLE_SQL,
      ...OUTBOX_TABLE_SQL,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const tables = [
      'outbox',
      'processed_events',
      'webhook_deliveries',
      'webhooks',
      'api_keys',
      'activity',
      'community_settings',
      'memberships',
      'communities',
    ];
    for (const table of tables) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
