import { Injectable } from '@nestjs/common';
import { telegramCommunityId, type Community } from '@ticketonomics/contracts';
import { AccountsEventsEmitter } from '../events/accounts-events.emitter';
import { AccountsStores } from '../store/accounts.stores';
import { toCommunity } from './communities.store';

@Injectable()
export class CommunitiesService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly events: AccountsEventsEmitter,
  ) {}

  /** Create a community (a Telegram chat's id is tg + chat id) or update its title; idempotent. */
  upsert(request: { id?: string; telegramChatId?: string; title: string }): Community {
    const telegramChatId = request.telegramChatId ?? null;
    // The request schema guarantees one of them.
    const id = telegramChatId === null ? request.id! : telegramCommunityId(telegramChatId);
    return this.stores.write(() => this.upsertInTransaction(id, telegramChatId, request.title));
  }

  /** The synchronous part of upsert(), for callers already inside a write of their own. */
  upsertInTransaction(id: string, telegramChatId: string | null, title: string): Community {
    const { communities } = this.stores;
    const now = Date.now();
    const existing = communities.find(id);
    if (existing !== undefined) {
      if (existing.title === title) return toCommunity(existing);
      const community = toCommunity(communities.setTitle(id, title, now));
      this.events.communityUpdated(community);
      return community;
    }
    const row = { id, title, telegramChatId, createdAt: now, updatedAt: now };
    communities.insert(row);
    const community = toCommunity(row);
    this.events.communityCreated(community);
    return community;
  }

  get(communityId: string): Community {
    return toCommunity(this.stores.communities.require(communityId));
  }
}
