import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A game's identity becomes its community's: the community whose game server registered or linked it
 * vouches for it, so it is kept and found per community. Telegram identities stay global (community_id
 * NULL): the bot proves them.
 *
 * An existing game identity is copied to every community its user is or was a member of, so each of them
 * keeps finding its players, members who left included (registering them again re-joins them). Which
 * community vouched for it was never recorded, so a link made before this change stays visible to each of
 * its user's communities. A game identity whose user belongs to no community is dropped: no community
 * could reach it, and keeping it would need a community to vouch for it.
 */
export class AccountsCommunityIdentities1764900000000 implements MigrationInterface {
  name = 'AccountsCommunityIdentities1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE identities_next (
        community_id TEXT REFERENCES communities (id),
        provider TEXT NOT NULL,
        external_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id),
        linked_at INTEGER NOT NULL,
        CHECK ((provider = 'telegram') = (community_id IS NULL))
      )`,
      `INSERT INTO identities_next (community_id, provider, external_id, user_id, linked_at)
       SELECT NULL, provider, external_id, user_id, linked_at FROM identities WHERE provider = 'telegram'`,
      `INSERT INTO identities_next (community_id, provider, external_id, user_id, linked_at)
       SELECT m.community_id, i.provider, i.external_id, i.user_id, i.linked_at
       FROM identities i JOIN memberships m ON m.user_id = i.user_id
       WHERE i.provider != 'telegram'`,
      `DROP TABLE identities`,
      `ALTER TABLE identities_next RENAME TO identities`,
      `CREATE UNIQUE INDEX identities_global ON identities (provider, external_id) WHERE community_id IS NULL`,
      `CREATE UNIQUE INDEX identities_community ON identities (community_id, provider, external_id)
       WHERE community_id IS NOT NULL`,
      `CREATE INDEX identities_user ON identities (user_id)`,
      // A used code answers again only the community that used it: a link is that community's alone.
      `ALTER TABLE link_codes ADD COLUMN used_community_id TEXT`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  /** Back to one global identity per provider and external id: the earliest link of each wins. */
  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE identities_prev (
        provider TEXT NOT NULL,
        external_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id),
        linked_at INTEGER NOT NULL,
        PRIMARY KEY (provider, external_id)
      )`,
      `INSERT OR IGNORE INTO identities_prev (provider, external_id, user_id, linked_at)
       SELECT provider, external_id, user_id, linked_at FROM identities ORDER BY linked_at`,
      `DROP TABLE identities`,
      `ALTER TABLE identities_prev RENAME TO identities`,
      `CREATE INDEX identities_user ON identities (user_id)`,
      `ALTER TABLE link_codes DROP COLUMN used_community_id`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
