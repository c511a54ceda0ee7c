import { AccountsEvents, LedgerEvents, parseOrThrow, type CloudEvent } from '@ticketonomics/contracts';
import { policyValues, rewardValues, type HistoryRecorder } from '../history/history.recorder';
import type { GovernanceStores } from '../store/governance.stores';

/**
 * Applies one accounts or ledger event to governance's store, inside the transaction recording its id:
 * memberships and rewards keep the member table eligibility is read from; the owners' settings and policy
 * changes feed the parameter history. `isOurs` says whether the community is this partition's.
 */
export function applyOwnerEvent(
  event: CloudEvent,
  stores: GovernanceStores,
  recorder: HistoryRecorder,
  isOurs: (communityId: string) => boolean,
): void {
  switch (event.type) {
    case AccountsEvents.membershipJoined.type:
    case AccountsEvents.membershipLeft.type:
    case AccountsEvents.membershipRoleChanged.type: {
      const membership = parseOrThrow(AccountsEvents.membershipJoined.data, event.data);
      if (!isOurs(membership.communityId)) return;
      stores.members.save({
        communityId: membership.communityId,
        userId: membership.userId,
        role: membership.role,
        active: membership.status === 'active',
        joinedAt: Date.parse(membership.joinedAt),
      });
      return;
    }
    case AccountsEvents.activityRewarded.type: {
      const reward = parseOrThrow(AccountsEvents.activityRewarded.data, event.data);
      if (isOurs(reward.communityId)) {
        stores.members.touch(reward.communityId, reward.userId, Date.parse(reward.rewardedAt));
      }
      return;
    }
    case AccountsEvents.settingsUpdated.type: {
      const settings = parseOrThrow(AccountsEvents.settingsUpdated.data, event.data);
      if (isOurs(settings.communityId)) recorder.record(rewardValues(settings));
      return;
    }
    case LedgerEvents.policyUpdated.type: {
      const policy = parseOrThrow(LedgerEvents.policyUpdated.data, event.data);
      if (isOurs(policy.communityId)) recorder.record(policyValues(policy));
      return;
    }
    default:
      return;
  }
}
