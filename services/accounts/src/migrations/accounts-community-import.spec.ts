import { partitionOf } from '@ticketonomics/partitions';
import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCOUNTS_DB_FILE,
  ACCOUNTS_MIGRATIONS,
  accountsCommunityMigrations,
  accountsFileOf,
} from '../store/accounts.migrations';
import { AccountsGlobalIdentities1765200000000 } from './1765200000000-accounts-global-identities';

const PARTITIONS = 3;
const COMMUNITIES = ['tg-1001', 'tg-1002', 'tg-1003', 'guild-a', 'guild-b', 'guild-c', 'guild-d'];

/** accounts.sqlite as the release before community partitions left it: every migration it had. */
const RELEASED_MIGRATIONS = ACCOUNTS_MIGRATIONS.filter(
  (migration) => migration !== AccountsGlobalIdentities1765200000000,
);

describe('migration: community partitions import their communities from accounts.sqlite', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tk-accounts-import-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function writeReleasedFile(): Promise<void> {
    const dataSource = await openSqliteDataSource({
      dataDir,
      fileName: ACCOUNTS_DB_FILE,
      migrations: RELEASED_MIGRATIONS,
    });
    const db = rawDatabase(dataSource);
    db.prepare(
      `INSERT INTO users (id, display_name, language, created_at, updated_at) VALUES ('u1', 'Ann', 'en', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO identities (community_id, provider, external_id, user_id, linked_at) VALUES (NULL, 'telegram', '7', 'u1', 1)`,
    ).run();
    COMMUNITIES.forEach((id, n) => {
      db.prepare(`INSERT INTO communities (id, title, created_at, updated_at) VALUES (?, ?, 1, 1)`).run(
        id,
        id,
      );
      db.prepare(
        `INSERT INTO memberships (community_id, user_id, role, status, joined_at, updated_at) VALUES (?, 'u1', 'admin', 'active', 1, 1)`,
      ).run(id);
      db.prepare(
        `INSERT INTO community_settings (community_id, rewards, version, updated_at, dashboard_public) VALUES (?, '{}', 2, 1, 1)`,
      ).run(id);
      db.prepare(
        `INSERT INTO activity (community_id, user_id, day, rewards_today) VALUES (?, 'u1', '2026-12-01', ?)`,
      ).run(id, n);
      db.prepare(
        `INSERT INTO api_keys (id, community_id, name, scopes, prefix, secret_hash, rate_limit_per_minute, created_at, created_by)
         VALUES (?, ?, 'key', '["read"]', 'tk_', 'hash', 60, 1, 'cli:ops')`,
      ).run(`key-${id}`, id);
      db.prepare(
        `INSERT INTO webhooks (id, community_id, url, event_types, secret, status, created_at, created_by, secret_format)
         VALUES (?, ?, 'https://example.com', '["tk.evt.>"]', 's', 'active', 1, 'cli:ops', 'standard')`,
      ).run(`hook-${id}`, id);
      db.prepare(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, body, status, next_attempt_at, created_at)
         VALUES (?, ?, 'tk.evt.x', '{}', 'pending', 5, 1)`,
      ).run(`hook-${id}`, `event-${id}`);
    });
    await closeDataSource(dataSource);
  }

  async function openPartition(partition: number) {
    return openSqliteDataSource({
      dataDir,
      fileName: accountsFileOf(partition),
      migrations: accountsCommunityMigrations(partition, PARTITIONS),
    });
  }

  it('copies each community, with everything of its own, into the one partition it hashes to, once', async () => {
    await writeReleasedFile();
    const found = new Map<string, number>();
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      const dataSource = await openPartition(partition);
      const db = rawDatabase(dataSource);
      const ids = db.prepare('SELECT id FROM communities ORDER BY id').pluck().all() as string[];
      for (const id of ids) {
        expect([id, partitionOf(id, PARTITIONS)]).toEqual([id, partition]);
        found.set(id, partition);
      }
      for (const table of ['memberships', 'community_settings', 'activity', 'api_keys', 'webhooks']) {
        const communities = db
          .prepare(`SELECT community_id FROM ${table} ORDER BY community_id`)
          .pluck()
          .all();
        expect([table, communities]).toEqual([table, ids]);
      }
      const deliveries = db
        .prepare(`SELECT event_id FROM webhook_deliveries ORDER BY event_id`)
        .pluck()
        .all();
      expect(deliveries).toEqual(ids.map((id) => `event-${id}`));
      expect(db.prepare(`SELECT * FROM memberships LIMIT 1`).get()).toMatchObject(
        ids.length === 0 ? {} : { user_id: 'u1', role: 'admin', status: 'active' },
      );
      await closeDataSource(dataSource);
    }
    expect([...found.keys()].sort()).toEqual([...COMMUNITIES].sort());

    // Opened again, the import is done: nothing is copied twice.
    const again = await openPartition(found.get('guild-a')!);
    expect(
      rawDatabase(again).prepare(`SELECT COUNT(*) FROM communities WHERE id = 'guild-a'`).pluck().get(),
    ).toBe(1);
    await closeDataSource(again);
  });

  it('keeps the users in accounts.sqlite, whose identities no longer need its community rows', async () => {
    await writeReleasedFile();
    const dataSource = await openSqliteDataSource({
      dataDir,
      fileName: ACCOUNTS_DB_FILE,
      migrations: ACCOUNTS_MIGRATIONS,
    });
    const db = rawDatabase(dataSource);
    expect(db.prepare(`SELECT user_id FROM identities`).pluck().all()).toEqual(['u1']);
    db.prepare(
      `INSERT INTO identities (community_id, provider, external_id, user_id, linked_at) VALUES ('guild-new', 'minecraft', 'm1', 'u1', 2)`,
    ).run();
    expect(db.prepare(`SELECT COUNT(*) FROM identities`).pluck().get()).toBe(2);
    await closeDataSource(dataSource);
  });

  it('imports nothing on a fresh volume', async () => {
    const dataSource = await openPartition(0);
    expect(rawDatabase(dataSource).prepare(`SELECT COUNT(*) FROM communities`).pluck().get()).toBe(0);
    await closeDataSource(dataSource);
  });
});
