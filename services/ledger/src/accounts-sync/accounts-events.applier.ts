import {
  AccountsEvents,
  parseOrThrow,
  type ActivityRewarded,
  type CloudEvent,
  type Membership,
} from '@ticketonomics/contracts';
import type { MembersStore } from '../members/members.store';
import type { AccountOpening } from '../accounts/accounts.service';
import { accountIdOf } from '../accounts/account-id';

/**
 * What the ledger opens for an accounts event: a community's system accounts when it is created, a
 * member's account when they join (again). Other accounts events need nothing from the ledger.
 */
export function accountToOpen(event: CloudEvent): AccountOpening | null {
  switch (event.type) {
    case AccountsEvents.communityCreated.type: {
      const community = parseOrThrow(AccountsEvents.communityCreated.data, event.data);
      return { communityId: community.id, kind: 'treasury' };
    }
    case AccountsEvents.membershipJoined.type: {
      const membership = parseOrThrow(AccountsEvents.membershipJoined.data, event.data);
      return { communityId: membership.communityId, kind: 'user', ownerId: membership.userId };
    }
    default:
      return null;
  }
}

/** A reward accounts decided, as the ledger mints it: into the member's account, opened first if need be. */
export interface RewardMint {
  opening: AccountOpening;
  mint: { id: string; accountId: string; amount: number; memo: string };
  kind: ActivityRewarded['kind'];
  /** When accounts rewarded it (ms since the epoch). */
  rewardedAt: number;
}

/** The mint an activity.rewarded event asks for; null for every other event. */
export function rewardToMint(event: CloudEvent): RewardMint | null {
  if (event.type !== AccountsEvents.activityRewarded.type) return null;
  const reward = parseOrThrow(AccountsEvents.activityRewarded.data, event.data);
  return {
    opening: { communityId: reward.communityId, kind: 'user', ownerId: reward.userId },
    mint: {
      id: reward.mintId,
      accountId: accountIdOf('user', reward.communityId, reward.userId),
      amount: reward.amount,
      memo: reward.memo,
    },
    kind: reward.kind,
    rewardedAt: Date.parse(reward.rewardedAt),
  };
}

/**
 * What a membership event tells the ledger about a member (joined, left, role changed), applied to its
 * member facts; null for every other event.
 */
export function membershipOf(
  event: CloudEvent,
): { membership: Membership; change: 'joined' | 'left' | 'role' } | null {
  const changes = {
    [AccountsEvents.membershipJoined.type]: 'joined',
    [AccountsEvents.membershipLeft.type]: 'left',
    [AccountsEvents.membershipRoleChanged.type]: 'role',
  } as const;
  const change = changes[event.type as keyof typeof changes];
  if (change === undefined) return null;
  return { membership: parseOrThrow(AccountsEvents.membershipJoined.data, event.data), change };
}

export function applyMembership(
  members: MembersStore,
  fact: NonNullable<ReturnType<typeof membershipOf>>,
): void {
  const { communityId, userId, role, joinedAt } = fact.membership;
  if (fact.change === 'joined') members.joined(communityId, userId, role, Date.parse(joinedAt));
  else if (fact.change === 'left') members.left(communityId, userId);
  else members.roleChanged(communityId, userId, role);
}
