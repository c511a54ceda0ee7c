import { Injectable } from '@nestjs/common';
import {
  DomainError,
  PAGE_SIZE_DEFAULT,
  USER_ID_PATTERN,
  type Membership,
  type MembershipRole,
  type MembershipStatus,
  type UserMemberships,
} from '@ticketonomics/contracts';
import { AccountsEventsEmitter } from '../events/accounts-events.emitter';
import { AccountsPeers } from '../partitions/accounts-peers';
import { AccountsStores } from '../store/accounts.stores';
import { decodeCursor, encodeCursor } from '@ticketonomics/persistence';
import { toMembership, type MembershipRow } from './memberships.store';

@Injectable()
export class MembershipsService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly events: AccountsEventsEmitter,
    private readonly peers: AccountsPeers,
  ) {}

  /**
   * Idempotent: an active member stays as is; a new or returning member joins with `role` (member). The
   * user is the global partition's, asked first (an active member's repeat is answered without asking).
   */
  async join(communityId: string, userId: string, role: MembershipRole = 'member'): Promise<Membership> {
    this.stores.communities.require(communityId);
    if (this.stores.memberships.find(communityId, userId)?.status !== 'active') {
      await this.peers.requireUser(userId);
    }
    return this.stores.write(() => this.joinInTransaction(communityId, userId, role));
  }

  /**
   * The synchronous part of join(), for callers already inside a write of their own, who have made sure
   * the user exists (users live in the global partition).
   */
  joinInTransaction(communityId: string, userId: string, role: MembershipRole = 'member'): Membership {
    this.stores.communities.require(communityId);
    const existing = this.stores.memberships.find(communityId, userId);
    if (existing?.status === 'active') return toMembership(existing);
    const now = Date.now();
    const row = this.stores.memberships.save({
      communityId,
      userId,
      role,
      status: 'active',
      joinedAt: now,
      leftAt: null,
      updatedAt: now,
    });
    const membership = toMembership(row);
    this.events.membershipJoined(membership);
    return membership;
  }

  /** Idempotent: leaving again returns the membership as it was left. */
  leave(communityId: string, userId: string): Membership {
    return this.stores.write(() => {
      const existing = this.require(communityId, userId);
      if (existing.status === 'left') return toMembership(existing);
      const now = Date.now();
      const membership = toMembership(
        this.stores.memberships.save({ ...existing, status: 'left', leftAt: now, updatedAt: now }),
      );
      this.events.membershipLeft(membership);
      return membership;
    });
  }

  setRole(communityId: string, userId: string, role: MembershipRole): Membership {
    return this.stores.write(() => {
      const existing = this.require(communityId, userId);
      if (existing.status !== 'active') {
        throw new DomainError(
          'FORBIDDEN',
          `userId: user ${userId} has left ${communityId}; add them again with tk.cmd.accounts.membership.join (which takes a role)`,
          { field: 'userId', communityId, userId },
        );
      }
      if (existing.role === role) return toMembership(existing);
      const membership = toMembership(
        this.stores.memberships.save({ ...existing, role, updatedAt: Date.now() }),
      );
      this.events.membershipRoleChanged(membership);
      return membership;
    });
  }

  get(communityId: string, userId: string): Membership {
    return toMembership(this.require(communityId, userId));
  }

  async list(request: {
    communityId: string;
    role?: MembershipRole;
    status: MembershipStatus;
    cursor?: string;
    limit?: number;
  }): Promise<{ items: Membership[]; nextCursor: string | null }> {
    this.stores.communities.require(request.communityId);
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const rows = this.stores.memberships.page({
      communityId: request.communityId,
      status: request.status,
      role: request.role,
      after:
        request.cursor === undefined
          ? undefined
          : decodeCursor(request.cursor, (key) => USER_ID_PATTERN.test(key)),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toMembership),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.userId) : null,
    };
  }

  /**
   * This partition's share of user.memberships: one row more than the limit tells the merge that this
   * partition alone has more than it asked for.
   */
  ofUser(userId: string, limit: number): UserMemberships {
    const rows = this.stores.memberships.ofUser(userId, limit + 1);
    return {
      items: rows.slice(0, limit).map((row) => ({
        communityId: row.communityId,
        title: row.title,
        role: row.role as MembershipRole,
        joinedAt: new Date(row.joinedAt).toISOString(),
      })),
      complete: rows.length <= limit,
    };
  }

  private require(communityId: string, userId: string): MembershipRow {
    this.stores.communities.require(communityId);
    return this.stores.memberships.require(communityId, userId);
  }
}
