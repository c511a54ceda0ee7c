import Database from 'better-sqlite3';
import type { QueryRunner } from 'typeorm';
import { AccountsInit1764400000000 } from './1764400000000-accounts-init';
import { AccountsCommunityIdentities1764900000000 } from './1764900000000-accounts-community-identities';

describe("migration: a game's identity becomes its community's", () => {
  it('keeps Telegram identities global and copies game identities to every community of their user', async () => {
    const db = new Database(':memory:');
    const runner = {
      query: (sql: string) => Promise.resolve(db.prepare(sql).run()),
    } as unknown as QueryRunner;
    await new AccountsInit1764400000000().up(runner);
    const user = db.prepare(
      `INSERT INTO users (id, display_name, language, created_at, updated_at) VALUES (?, ?, 'en', 1, 1)`,
    );
    for (const id of ['both', 'left', 'none']) user.run(id, id);
    const community = db.prepare(
      `INSERT INTO communities (id, title, created_at, updated_at) VALUES (?, ?, 1, 1)`,
    );
    for (const id of ['a', 'b']) community.run(id, id);
    const join = db.prepare(
      `INSERT INTO memberships (community_id, user_id, role, status, joined_at, updated_at) VALUES (?, ?, 'member', ?, 1, 1)`,
    );
    join.run('a', 'both', 'active');
    join.run('b', 'both', 'active');
    join.run('b', 'left', 'left');
    const identity = db.prepare(
      `INSERT INTO identities (provider, external_id, user_id, linked_at) VALUES (?, ?, ?, 2)`,
    );
    identity.run('telegram', '7001', 'both');
    identity.run('minecraft', 'both-uuid', 'both');
    identity.run('minecraft', 'left-uuid', 'left');
    identity.run('minecraft', 'none-uuid', 'none');

    db.exec(`CREATE TABLE link_codes (code_hash TEXT PRIMARY KEY, used_external_id TEXT)`);

    await new AccountsCommunityIdentities1764900000000().up(runner);

    const rows = db
      .prepare(
        `SELECT community_id AS communityId, provider, external_id AS externalId, user_id AS userId
         FROM identities ORDER BY external_id, community_id`,
      )
      .all();
    expect(rows).toEqual([
      { communityId: null, provider: 'telegram', externalId: '7001', userId: 'both' },
      { communityId: 'a', provider: 'minecraft', externalId: 'both-uuid', userId: 'both' },
      { communityId: 'b', provider: 'minecraft', externalId: 'both-uuid', userId: 'both' },
      { communityId: 'b', provider: 'minecraft', externalId: 'left-uuid', userId: 'left' },
    ]);
    // One holder per community for a game's identity, one holder anywhere for a Telegram one.
    const link = db.prepare(
      `INSERT INTO identities (community_id, provider, external_id, user_id, linked_at) VALUES (?, ?, ?, ?, 3)`,
    );
    expect(() => link.run('a', 'minecraft', 'both-uuid', 'none')).toThrow(/UNIQUE/);
    expect(() => link.run(null, 'telegram', '7001', 'none')).toThrow(/UNIQUE/);
    expect(() => link.run(null, 'minecraft', 'x', 'none')).toThrow(/CHECK/);
    link.run('a', 'minecraft', 'left-uuid', 'none');
    db.close();
  });
});
