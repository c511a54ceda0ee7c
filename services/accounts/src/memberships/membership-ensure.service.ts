import { Injectable } from '@nestjs/common';
import {
  ensuredCommunityId,
  isDomainError,
  ledgerAccountId,
  PROVIDER_TELEGRAM,
  type MembershipEnsured,
  type User,
} from '@ticketonomics/contracts';
import type { AccountsRequest } from '../accounts.commands';
import { CommunitiesService } from '../communities/communities.service';
import { AccountsPeers } from '../partitions/accounts-peers';
import { AccountsStores } from '../store/accounts.stores';
import { MembershipsService } from './memberships.service';

type EnsureRequest = AccountsRequest<'membershipEnsure'>;

/**
 * The one owner of "who is a member": a gateway hands over a community and an identity, and gets back the
 * member. Each step is the same code as its own command (community.upsert, user.upsert, membership.join),
 * so the events are the same too, and a repeat changes and emits nothing.
 *
 * The user is the global partition's: it is made or brought up to date there first (user.upsert, which
 * is idempotent by identity, so concurrent ensures of one new member make one user), then the community and
 * the membership are written here in one grouped transaction: concurrent ensures share one commit (one
 * fsync), each in its own savepoint. A failure after the user was made leaves a user without this
 * membership, which the caller's retry completes.
 */
@Injectable()
export class MembershipEnsureService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly communities: CommunitiesService,
    private readonly memberships: MembershipsService,
    private readonly peers: AccountsPeers,
  ) {}

  async ensure(request: EnsureRequest): Promise<MembershipEnsured> {
    const communityId = ensuredCommunityId(request.community);
    const { telegramChatId, title } = request.community;
    if (telegramChatId === undefined) {
      this.stores.communities.require(communityId, 'community.communityId');
    } else if (
      request.user.identity.provider !== PROVIDER_TELEGRAM &&
      this.stores.communities.find(communityId) === undefined
    ) {
      // A game's identity names this community, which the global partition checks: it must exist first.
      await this.stores.write(() =>
        this.communities.upsertInTransaction(communityId, telegramChatId, title!),
      );
    }
    const user = await this.ensureUser(request.user);
    return this.stores.writeGrouped(() => {
      if (telegramChatId === undefined) {
        this.stores.communities.require(communityId, 'community.communityId');
      } else {
        // The request schema requires the title with a chat.
        this.communities.upsertInTransaction(communityId, telegramChatId, title!);
      }
      const membership = this.memberships.joinInTransaction(communityId, user.id);
      return { user, communityId, membership, accountId: ledgerAccountId('user', communityId, user.id) };
    });
  }

  /**
   * The user of the identity from the global partition: found as they are (profile keep), or made or
   * updated by user.upsert. Only a new user takes the caller's id: when the identity turns out to be
   * another user's, the upsert is asked again without it.
   */
  private async ensureUser(request: EnsureRequest['user']): Promise<User> {
    if (request.profile === 'keep') {
      const known = await this.peers.findUser(request.identity);
      if (known !== undefined) return known;
    }
    const upsert = {
      identity: request.identity,
      ...(request.username !== undefined ? { username: request.username } : {}),
      displayName: request.displayName,
      ...(request.language !== undefined ? { language: request.language } : {}),
    };
    if (request.newUserId === undefined) return this.peers.upsertUser(upsert);
    try {
      return await this.peers.upsertUser({ ...upsert, userId: request.newUserId });
    } catch (error) {
      const holder =
        isDomainError(error) && error.code === 'CONFLICT' ? error.details?.['userId'] : undefined;
      if (holder === undefined || holder === request.newUserId) throw error;
      // The identity is another user's (made before, or by a concurrent ensure): that user it is.
      if (request.profile === 'keep')
        return (await this.peers.findUser(request.identity)) ?? Promise.reject(error);
      return this.peers.upsertUser(upsert);
    }
  }
}
