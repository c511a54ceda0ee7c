import type { Database, Statement } from 'better-sqlite3';
import { DomainError, PROVIDER_TELEGRAM, type Identity, type User } from '@ticketonomics/contracts';

export interface UserRow {
  id: string;
  username: string | null;
  displayName: string;
  language: string;
  createdAt: number;
  updatedAt: number;
}

export interface IdentityRow {
  /** The community that vouches for a game's identity; null for a Telegram identity (global). */
  communityId: string | null;
  provider: string;
  externalId: string;
  userId: string;
  linkedAt: number;
}

const USER_COLUMNS = `u.id, u.username, u.display_name AS displayName, u.language,
  u.created_at AS createdAt, u.updated_at AS updatedAt`;
const IDENTITY_COLUMNS = `community_id AS communityId, provider, external_id AS externalId, user_id AS userId, linked_at AS linkedAt`;

/** The key usernames are compared by: Telegram usernames are case-insensitive. */
export function usernameKey(username: string): string {
  return username.replace(/^@/, '').toLowerCase();
}

/** An identity as a request names it: a game's names its community, a Telegram one none. */
export interface IdentityKey {
  provider: string;
  externalId: string;
  communityId?: string | undefined;
}

/**
 * Where an identity is kept: its community for a game's identity, nowhere in particular (null) for a
 * Telegram one. The contracts require communityId for every provider but telegram, and refuse it there.
 */
export function scopeOf(key: IdentityKey): string | null {
  if (key.provider === PROVIDER_TELEGRAM) return null;
  if (key.communityId === undefined) throw new Error(`a ${key.provider} identity without its communityId`);
  return key.communityId;
}

/** Synchronous reads and writes of users and their identities, over the global partition's connection. */
export class UsersStore {
  private readonly selectById: Statement;
  private readonly selectByUsernameKey: Statement;
  private readonly selectIdentity: Statement;
  private readonly selectIdentities: Statement;
  private readonly insertUser: Statement;
  private readonly updateUser: Statement;
  private readonly insertIdentity: Statement;

  constructor(db: Database) {
    this.selectById = db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`);
    this.selectByUsernameKey = db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username_key = ?`);
    this.selectIdentity = db.prepare(
      `SELECT ${IDENTITY_COLUMNS} FROM identities WHERE community_id IS ? AND provider = ? AND external_id = ?`,
    );
    this.selectIdentities = db.prepare(
      `SELECT ${IDENTITY_COLUMNS} FROM identities WHERE user_id = ?
       ORDER BY linked_at, provider, external_id, community_id`,
    );
    this.insertUser = db.prepare(
      `INSERT INTO users (id, username, username_key, display_name, language, created_at, updated_at)
       VALUES (@id, @username, @usernameKey, @displayName, @language, @createdAt, @updatedAt)`,
    );
    this.updateUser = db.prepare(
      `UPDATE users SET username = @username, username_key = @usernameKey, display_name = @displayName,
        language = @language, updated_at = @updatedAt WHERE id = @id`,
    );
    this.insertIdentity = db.prepare(
      `INSERT INTO identities (community_id, provider, external_id, user_id, linked_at)
       VALUES (@communityId, @provider, @externalId, @userId, @linkedAt)`,
    );
  }

  find(id: string): UserRow | undefined {
    return this.selectById.get(id) as UserRow | undefined;
  }

  require(id: string, field = 'userId'): UserRow {
    const row = this.find(id);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `${field}: no user ${id}; create it first with tk.cmd.accounts.user.upsert`,
        { field, userId: id },
      );
    }
    return row;
  }

  /** The user holding a username, whatever its case. */
  findByUsername(username: string): UserRow | undefined {
    return this.selectByUsernameKey.get(usernameKey(username)) as UserRow | undefined;
  }

  /** The holder of an identity where it is kept: its community for a game's, anywhere for Telegram's. */
  findIdentity(key: IdentityKey): IdentityRow | undefined {
    return this.selectIdentity.get(scopeOf(key), key.provider, key.externalId) as IdentityRow | undefined;
  }

  identitiesOf(userId: string): IdentityRow[] {
    return this.selectIdentities.all(userId) as IdentityRow[];
  }

  insert(row: UserRow): void {
    this.insertUser.run({ ...row, usernameKey: row.username === null ? null : usernameKey(row.username) });
  }

  update(row: UserRow): void {
    this.updateUser.run({ ...row, usernameKey: row.username === null ? null : usernameKey(row.username) });
  }

  link(row: IdentityRow): void {
    this.insertIdentity.run(row);
  }

  /** The user as the wire format has it, with its identities. */
  view(row: UserRow): User {
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      language: row.language,
      identities: this.identitiesOf(row.id).map(toIdentity),
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
  }
}

export function toIdentity(row: IdentityRow): Identity {
  return {
    provider: row.provider,
    externalId: row.externalId,
    communityId: row.communityId,
    linkedAt: new Date(row.linkedAt).toISOString(),
  };
}
