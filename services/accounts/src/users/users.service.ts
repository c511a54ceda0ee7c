import { Inject, Injectable } from '@nestjs/common';
import { DomainError, LANGUAGE_DEFAULT, type User } from '@ticketonomics/contracts';
import { AccountsEventsEmitter } from '../events/accounts-events.emitter';
import { AccountsPeers } from '../partitions/accounts-peers';
import { AccountsGlobalStores } from '../store/accounts-global.stores';
import { USER_ID_FACTORY } from '../accounts.tokens';
import { scopeOf, usernameKey, type IdentityKey, type UserRow } from './users.store';

export interface UserUpsert {
  identity: IdentityKey;
  userId?: string;
  username?: string | null;
  displayName: string;
  language?: string;
}

/** The profile after an upsert: fields left out keep their values. */
export function nextProfile(row: UserRow, change: UserUpsert): UserRow {
  return {
    ...row,
    username: change.username === undefined ? row.username : change.username,
    displayName: change.displayName,
    language: change.language ?? row.language,
  };
}

export function profileChanged(before: UserRow, after: UserRow): boolean {
  return (
    before.username !== after.username ||
    before.displayName !== after.displayName ||
    before.language !== after.language
  );
}

/**
 * Users and their identities, in the global partition. A game's identity names a community, which lives in
 * a community partition: it is checked there (community.get) before the write.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly stores: AccountsGlobalStores,
    private readonly events: AccountsEventsEmitter,
    private readonly peers: AccountsPeers,
    @Inject(USER_ID_FACTORY) private readonly newUserId: () => string,
  ) {}

  /**
   * Create the user of an identity, or update its profile; an unchanged profile emits nothing. Grouped:
   * it is the global part of every new member's membership.ensure, so a burst of them shares one commit,
   * each in its own savepoint, one after the other (the second of two for one identity finds the first's).
   */
  async upsert(request: UserUpsert): Promise<User> {
    await this.requireScope(request.identity, 'identity.communityId');
    return this.stores.writeGrouped(() => this.upsertInTransaction(request));
  }

  private upsertInTransaction(request: UserUpsert): User {
    const { users } = this.stores;
    const now = Date.now();
    const { provider, externalId } = request.identity;
    const communityId = scopeOf(request.identity);
    const identity = users.findIdentity(request.identity);
    if (identity !== undefined) {
      if (request.userId !== undefined && request.userId !== identity.userId) {
        throw new DomainError(
          'CONFLICT',
          `userId: the ${provider} identity ${externalId} belongs to user ${identity.userId}; leave userId out or send that one`,
          { field: 'userId', userId: identity.userId },
        );
      }
      const row = users.require(identity.userId);
      const next = nextProfile(row, request);
      if (!profileChanged(row, next)) return users.view(row);
      this.releaseUsername(next.username, row.id, now);
      const updated = { ...next, updatedAt: now };
      users.update(updated);
      const user = users.view(updated);
      this.events.userUpdated(user);
      return user;
    }
    const id = request.userId ?? this.newUserId();
    if (users.find(id) !== undefined) {
      throw new DomainError(
        'CONFLICT',
        `userId: user ${id} already exists with other identities; add this one with tk.cmd.accounts.identity.link`,
        { field: 'userId', userId: id },
      );
    }
    const row: UserRow = {
      id,
      username: request.username ?? null,
      displayName: request.displayName,
      language: request.language ?? LANGUAGE_DEFAULT,
      createdAt: now,
      updatedAt: now,
    };
    this.releaseUsername(row.username, id, now);
    users.insert(row);
    users.link({ communityId, provider, externalId, userId: id, linkedAt: now });
    const user = users.view(row);
    this.events.userCreated(user);
    return user;
  }

  get(userId: string): User {
    const { users } = this.stores;
    return users.view(users.require(userId));
  }

  find(key: IdentityKey): User {
    const { users } = this.stores;
    const identity = users.findIdentity(key);
    if (identity === undefined) {
      const where = key.communityId === undefined ? '' : ` in ${key.communityId}`;
      throw new DomainError(
        'NOT_FOUND',
        `externalId: no user has the ${key.provider} identity ${key.externalId}${where}; create one with tk.cmd.accounts.user.upsert`,
        { field: 'externalId', provider: key.provider, externalId: key.externalId },
      );
    }
    return users.view(users.require(identity.userId));
  }

  /**
   * An active member of the community by username, whatever its case and with or without '@'. Usernames
   * are unique, so the one user holding it is found here and their membership asked of the community's
   * partition (which also says NOT_FOUND for an unknown community).
   */
  async lookup(communityId: string, username: string): Promise<User> {
    const row = this.stores.users.findByUsername(username);
    const membership = row === undefined ? undefined : await this.peers.findMembership(communityId, row.id);
    if (row === undefined || membership?.status !== 'active') {
      if (membership === undefined) await this.peers.requireCommunity(communityId);
      throw new DomainError(
        'NOT_FOUND',
        `username: no active member of ${communityId} has the username @${usernameKey(username)}`,
        { field: 'username', communityId, username },
      );
    }
    // The row as it is now: the user may have changed while their membership was asked.
    return this.stores.users.view(this.stores.users.find(row.id) ?? row);
  }

  /**
   * Link another identity to a user, within its community for a game's; linking it again is a no-op,
   * linking one another user has there is CONFLICT.
   */
  async link(userId: string, key: IdentityKey): Promise<User> {
    const { users } = this.stores;
    const { provider, externalId } = key;
    users.require(userId);
    await this.requireScope(key, 'communityId');
    return this.stores.write(() => {
      const row = users.require(userId);
      const communityId = scopeOf(key);
      const existing = users.findIdentity(key);
      if (existing !== undefined) {
        if (existing.userId === userId) return users.view(row);
        throw new DomainError(
          'CONFLICT',
          `externalId: the ${provider} identity ${externalId} is already linked to another user (${existing.userId})${communityId === null ? '' : ` in ${communityId}`}; an identity belongs to one user there`,
          { field: 'externalId', provider, externalId, userId: existing.userId },
        );
      }
      const identity = { communityId, provider, externalId, userId, linkedAt: Date.now() };
      users.link(identity);
      const user = users.view(row);
      this.events.identityLinked(user, {
        provider,
        externalId,
        communityId,
        linkedAt: new Date(identity.linkedAt).toISOString(),
      });
      return user;
    });
  }

  /** The community a game's identity is kept in must exist (its partition is asked); none for Telegram's. */
  private async requireScope(key: IdentityKey, field: string): Promise<void> {
    const communityId = scopeOf(key);
    if (communityId !== null) await this.peers.requireCommunity(communityId, field);
  }

  /**
   * Usernames are unique whatever their case. Telegram usernames are unique too, so a username now
   * claimed by another user has left its previous holder, whose stored username is cleared.
   */
  private releaseUsername(username: string | null, claimant: string, now: number): void {
    if (username === null) return;
    const holder = this.stores.users.findByUsername(username);
    if (holder === undefined || holder.id === claimant) return;
    const released = { ...holder, username: null, updatedAt: now };
    this.stores.users.update(released);
    this.events.userUpdated(this.stores.users.view(released));
  }
}
