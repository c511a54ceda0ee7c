import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `accounts.sqlite` becomes the global partition's file (users, identities, link codes): communities now
 * live in the community partitions' files, so a game identity names its community without a foreign key to
 * a table this file no longer keeps up to date. The community tables stay as they were: each community
 * partition imports its communities from them once (AccountsCommunityImport).
 */
export class AccountsGlobalIdentities1765200000000 implements MigrationInterface {
  name = 'AccountsGlobalIdentities1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await rebuildIdentities(queryRunner, 'community_id TEXT');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await rebuildIdentities(queryRunner, 'community_id TEXT REFERENCES communities (id)');
  }
}

async function rebuildIdentities(queryRunner: QueryRunner, communityColumn: string): Promise<void> {
  const statements = [
    `CREATE TABLE identities_next (
      ${communityColumn},
      provider TEXT NOT NULL,
      external_id TEXT NOT NULL,
      user_id TEXT NOT NULL REFERENCES users (id),
      linked_at INTEGER NOT NULL,
      CHECK ((provider = 'telegram') = (community_id IS NULL))
    )`,
    `INSERT INTO identities_next (community_id, provider, external_id, user_id, linked_at)
     SELECT community_id, provider, external_id, user_id, linked_at FROM identities`,
    `DROP TABLE identities`,
    `ALTER TABLE identities_next RENAME TO identities`,
    `CREATE UNIQUE INDEX identities_global ON identities (provider, external_id) WHERE community_id IS NULL`,
    `CREATE UNIQUE INDEX identities_community ON identities (community_id, provider, external_id)
     WHERE community_id IS NOT NULL`,
    `CREATE INDEX identities_user ON identities (user_id)`,
  ];
  for (const statement of statements) await queryRunner.query(statement);
}
