import { Injectable } from '@nestjs/common';
import { dailyRewardMintId, DomainError, utcDayOf } from '@ticketonomics/contracts';
import type { AccountsResponse } from '../accounts.commands';
import { AccountsEventsEmitter } from '../events/accounts-events.emitter';
import { SettingsService } from '../settings/settings.service';
import { AccountsStores } from '../store/accounts.stores';
import { decideDaily, decideMessage, messageRewardMintId, nextUtcDayStart } from './activity.rules';

export interface MessageRecordRequest {
  communityId: string;
  userId: string;
  messageKey: string;
  textHash: string;
  textLength: number;
}

/** Memos of the mints, unchanged from when the gateway minted: a mint repeated with another memo conflicts. */
const MESSAGE_REWARD_MEMO = 'message reward';
const dailyRewardMemo = (streak: number): string => `daily bonus, day ${streak}`;

/**
 * Activity rewards' bookkeeping: each decision reads the member's counters, applies the pure rules and
 * saves the result in one synchronous write transaction, so two gateways asking about the same member at
 * once are decided one after the other and never both get the same reward slot. A reward is written as
 * activity.rewarded to the outbox in that same transaction; the ledger mints it from the stream, so a
 * decided reward is paid even when the ledger or the asking gateway is down at the time.
 */
@Injectable()
export class ActivityService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly settings: SettingsService,
    private readonly events: AccountsEventsEmitter,
  ) {}

  /**
   * Every message of every member asks this, so it is a grouped write: concurrent records share one
   * transaction and one fsync, each in its own savepoint. Their decisions are still made one after
   * another, each reading the counters the records before it in the group saved, so cooldowns, daily
   * caps and replays hold as with a transaction each; a record that fails is rolled back alone, and
   * the ones after it do not see its counters. Nothing is kept in memory, so a rollback leaves no trace.
   * The reply goes out only after COMMIT.
   */
  record(request: MessageRecordRequest, atMs = Date.now()): Promise<AccountsResponse<'activityRecord'>> {
    return this.stores.writeGrouped(() => {
      const { rewards } = this.settings.current(request.communityId);
      this.requireActiveMember(request.communityId, request.userId);
      const state = this.stores.activity.get(request.communityId, request.userId);
      const decision = decideMessage(
        state,
        { ...request, atMs, barred: rewards.barredUserIds.includes(request.userId) },
        rewards,
      );
      if (!decision.replayed) this.stores.activity.save(request.communityId, request.userId, decision.next);
      const day = decision.next.day ?? utcDayOf(atMs);
      if (!decision.replayed && decision.earns && decision.amount > 0) {
        this.events.activityRewarded({
          mintId: messageRewardMintId(request.communityId, request.messageKey),
          communityId: request.communityId,
          userId: request.userId,
          kind: 'message',
          amount: decision.amount,
          memo: MESSAGE_REWARD_MEMO,
          day,
          rewardedAt: new Date(atMs).toISOString(),
        });
      }
      return {
        earns: decision.earns,
        outcome: decision.outcome,
        amount: decision.amount,
        replayed: decision.replayed,
        day,
        rewardsToday: decision.next.rewardsToday,
      };
    });
  }

  daily(communityId: string, userId: string, atMs = Date.now()): AccountsResponse<'activityDaily'> {
    return this.stores.write(() => {
      const { rewards } = this.settings.current(communityId);
      this.requireActiveMember(communityId, userId);
      const state = this.stores.activity.get(communityId, userId);
      if (rewards.barredUserIds.includes(userId) && state.dailyDay !== utcDayOf(atMs)) {
        return {
          firstClaim: false,
          barred: true,
          day: utcDayOf(atMs),
          streak: state.dailyStreak,
          amount: 0,
          nextClaimAt: new Date(nextUtcDayStart(atMs)).toISOString(),
        };
      }
      const decision = decideDaily(state, atMs, rewards);
      if (decision.firstClaim) this.stores.activity.save(communityId, userId, decision.next);
      if (decision.firstClaim && decision.amount > 0) {
        this.events.activityRewarded({
          mintId: dailyRewardMintId(communityId, userId, decision.day),
          communityId,
          userId,
          kind: 'daily',
          amount: decision.amount,
          memo: dailyRewardMemo(decision.streak),
          day: decision.day,
          rewardedAt: new Date(atMs).toISOString(),
        });
      }
      return {
        firstClaim: decision.firstClaim,
        barred: false,
        day: decision.day,
        streak: decision.streak,
        amount: decision.amount,
        nextClaimAt: new Date(decision.nextClaimAt).toISOString(),
      };
    });
  }

  private requireActiveMember(communityId: string, userId: string): void {
    const membership = this.stores.memberships.require(communityId, userId);
    if (membership.status !== 'active') {
      throw new DomainError('FORBIDDEN', `userId: user ${userId} has left ${communityId}`, {
        field: 'userId',
        communityId,
        userId,
      });
    }
  }
}
