import { PROCESSED_EVENTS_TABLE_SQL } from '@ticketonomics/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, webhooks and their delivery log, and the processed events of the webhooks' consumer. */
export class AccountsIntegrations1764700000000 implements MigrationInterface {
  name = 'AccountsIntegrations1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      // secret_hash is the hex SHA-256 of the key's secret part; the key itself is never stored.
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
        last_used_at INTEGER
      )`,
      `CREATE INDEX api_keys_community ON api_keys (community_id, id)`,
      // secret is kept as is: every delivery is signed with it (HMAC needs the secret, not a hash).
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
        disabled_reason TEXT
      )`,
      `CREATE INDEX webhooks_community ON webhooks (community_id, status)`,
      // body is the exact JSON sent (the signature covers it); a webhook's rows go with it.
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
      ...PROCESSED_EVENTS_TABLE_SQL,
      `CREATE INDEX processed_events_age ON processed_events (processed_at)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['processed_events', 'webhook_deliveries', 'webhooks', 'api_keys']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
