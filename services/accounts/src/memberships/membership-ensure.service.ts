import { Injectable } from '@nestjs/common';
import {
  ensuredCommunityId,
  ledgerAccountId,
  type MembershipEnsured,
  type User,
} from '@ticketonomics/contracts';
import type { AccountsRequest } from '../accounts.commands';
import { CommunitiesService } from '../communities/communities.service';
import { AccountsStores } from '../store/accounts.stores';
import { UsersService } from '../users/users.service';
import { MembershipsService } from './memberships.service';

type EnsureRequest = AccountsRequest<'membershipEnsure'>;

/**
 * The one owner of "who is a member": a gateway hands over a community and an identity, and gets back the
 * member, made so in one transaction. Each step is the same code as its own command (community.upsert,
 * user.upsert, membership.join), so the events are the same too, and a repeat changes and emits nothing.
 */
@Injectable()
export class MembershipEnsureService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly communities: CommunitiesService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
  ) {}

  ensure(request: EnsureRequest): MembershipEnsured {
    return this.stores.write(() => {
      const communityId = this.ensureCommunity(request.community);
      const user = this.ensureUser(request.user);
      const membership = this.memberships.joinInTransaction(communityId, user.id);
      return { user, communityId, membership, accountId: ledgerAccountId('user', communityId, user.id) };
    });
  }

  private ensureCommunity(community: EnsureRequest['community']): string {
    const communityId = ensuredCommunityId(community);
    if (community.telegramChatId === undefined) {
      this.stores.communities.require(communityId, 'community.communityId');
    } else {
      // The request schema requires the title with a chat.
      this.communities.upsertInTransaction(communityId, community.telegramChatId, community.title!);
    }
    return communityId;
  }

  private ensureUser(request: EnsureRequest['user']): User {
    const known = this.stores.users.findIdentity(request.identity);
    if (known !== undefined && request.profile === 'keep') {
      return this.stores.users.view(this.stores.users.require(known.userId));
    }
    return this.users.upsertInTransaction({
      identity: request.identity,
      // Only a new user takes the caller's id; an existing one is the identity's, whatever was sent.
      ...(known === undefined && request.newUserId !== undefined ? { userId: request.newUserId } : {}),
      ...(request.username !== undefined ? { username: request.username } : {}),
      displayName: request.displayName,
      ...(request.language !== undefined ? { language: request.language } : {}),
    });
  }
}
