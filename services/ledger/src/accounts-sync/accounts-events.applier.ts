import { AccountsEvents, parseOrThrow, type CloudEvent } from '@ticketonomics/contracts';
import type { AccountOpening } from '../accounts/accounts.service';

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
