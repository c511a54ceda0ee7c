/**
 * An operator upgrading: the volume holds accounts as it was kept before community partitions (one
 * `accounts.sqlite`, a layout of one partition). Started with three community partitions, the service keeps
 * every user in accounts.sqlite (now the global partition's) and each community partition imports its
 * communities, members, settings, activity, API keys and webhooks from it once.
 */
import { partitionOf } from '@ticketonomics/partitions';
import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountsGlobalIdentities1765200000000 } from '../src/migrations/1765200000000-accounts-global-identities';
import { ACCOUNTS_DB_FILE, ACCOUNTS_MIGRATIONS } from '../src/store/accounts.migrations';
import { startAccountsHarness, type AccountsHarness } from './support/accounts.harness';

const S = (verb: string) => `tk.cmd.accounts.${verb}`;
const PARTITIONS = 3;
const ALICE = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R70';
const BOB = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R71';
const KEY = '01KB3A5K7Q2W3E4R5T6Y7Z8A90';
const SECRET_HASH = 'f53dbea4e0dd3189a51011ec92009bb33dd15613fffdf7a226da6646e15dfb01';
const COMMUNITIES = ['tg-1001', 'tg-1002', 'tg-1003', 'guild-a', 'guild-b'];

/** accounts.sqlite as the release before community partitions wrote it, with its layout file. */
async function writeReleasedVolume(dataDir: string): Promise<void> {
  for (const file of readdirSync(dataDir)) rmSync(join(dataDir, file), { recursive: true, force: true });
  const dataSource = await openSqliteDataSource({
    dataDir,
    fileName: ACCOUNTS_DB_FILE,
    migrations: ACCOUNTS_MIGRATIONS.filter(
      (migration) => migration !== AccountsGlobalIdentities1765200000000,
    ),
  });
  const db = rawDatabase(dataSource);
  const user = db.prepare(
    `INSERT INTO users (id, username, username_key, display_name, language, created_at, updated_at)
     VALUES (?, ?, lower(?), ?, 'en', 1, 1)`,
  );
  user.run(ALICE, 'Alice', 'Alice', 'Alice Liddell');
  user.run(BOB, 'Bob', 'Bob', 'Bob');
  db.prepare(
    `INSERT INTO identities (community_id, provider, external_id, user_id, linked_at) VALUES (NULL, 'telegram', '501', ?, 1)`,
  ).run(ALICE);
  for (const id of COMMUNITIES) {
    db.prepare(`INSERT INTO communities (id, title, created_at, updated_at) VALUES (?, ?, 1, 1)`).run(
      id,
      `Old ${id}`,
    );
    for (const userId of [ALICE, BOB]) {
      db.prepare(
        `INSERT INTO memberships (community_id, user_id, role, status, joined_at, updated_at) VALUES (?, ?, 'member', 'active', 1, 1)`,
      ).run(id, userId);
    }
  }
  db.prepare(
    `INSERT INTO identities (community_id, provider, external_id, user_id, linked_at) VALUES ('guild-a', 'minecraft', 'steve', ?, 1)`,
  ).run(BOB);
  db.prepare(
    `INSERT INTO community_settings (community_id, rewards, version, updated_at, dashboard_public) VALUES ('guild-b', '{}', 4, 1, 1)`,
  ).run();
  db.prepare(
    `INSERT INTO api_keys (id, community_id, name, scopes, prefix, secret_hash, rate_limit_per_minute, created_at, created_by)
     VALUES (?, 'guild-b', 'old key', '["read"]', 'tk_01KB', ?, 60, 1, 'cli:ops')`,
  ).run(KEY, SECRET_HASH);
  await closeDataSource(dataSource);
  writeFileSync(join(dataDir, 'accounts-partitions.json'), `${JSON.stringify({ partitions: 1 })}\n`);
}

describe('accounts upgraded onto community partitions', () => {
  let h: AccountsHarness;

  beforeAll(async () => {
    h = await startAccountsHarness({ ACCOUNTS_PARTITIONS: String(PARTITIONS) });
    await h.service.close();
    await writeReleasedVolume(h.dataDir);
    await h.restart();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps every community, member and user, each community in the partition it hashes to', async () => {
    expect(new Set(COMMUNITIES.map((id) => partitionOf(id, PARTITIONS))).size).toBeGreaterThan(1);
    for (const communityId of COMMUNITIES) {
      expect(await h.ok(S('community.get'), { communityId })).toMatchObject({
        id: communityId,
        title: `Old ${communityId}`,
      });
      const members = await h.ok<any>(S('membership.list'), { communityId });
      expect(members.items.map((m: { userId: string }) => m.userId)).toEqual([ALICE, BOB]);
      expect(h.stores(communityId).communities.find(communityId)).toBeDefined();
    }
    expect(await h.ok(S('user.get'), { userId: ALICE })).toMatchObject({ id: ALICE, username: 'Alice' });
    expect(await h.ok(S('user.lookup'), { communityId: 'guild-a', username: '@alice' })).toMatchObject({
      id: ALICE,
    });
    expect(
      await h.ok(S('user.find'), { provider: 'minecraft', externalId: 'steve', communityId: 'guild-a' }),
    ).toMatchObject({
      id: BOB,
    });
    expect(await h.ok(S('settings.get'), { communityId: 'guild-b' })).toMatchObject({ version: 4 });
  });

  it('verifies an API key made before, and ensures an existing member as the same user', async () => {
    expect(await h.ok(S('apikey.verify'), { keyId: KEY, secretHash: SECRET_HASH })).toMatchObject({
      keyId: KEY,
      communityId: 'guild-b',
    });
    const ensured = await h.ok<any>(S('membership.ensure'), {
      community: { telegramChatId: '-1001', title: 'Old tg-1001' },
      user: {
        identity: { provider: 'telegram', externalId: '501' },
        displayName: 'Alice Liddell',
        username: 'Alice',
      },
    });
    expect(ensured).toMatchObject({
      user: { id: ALICE },
      communityId: 'tg-1001',
      membership: { status: 'active' },
    });
  });
});
