import { Injectable } from '@nestjs/common';
import { BoundedCache } from '../shared/bounded.cache';

/** (community, user) pairs remembered at most, about 100 bytes each. */
export const KNOWN_MEMBERSHIPS_MAX = 100_000;
/**
 * How long one is remembered. A membership is never deleted (a member who leaves keeps it, as "left"), so
 * the answer cannot go stale; the limit only bounds how long a restored accounts store could disagree.
 */
export const KNOWN_MEMBERSHIP_TTL_MS = 10 * 60_000;

/**
 * Users accounts has answered to have a membership (active or left) in a community: the ledger routes'
 * check that a member was ever one. Without it every API transfer asked accounts twice before the ledger.
 * Only positive answers are kept, so a user who joins later is found at once.
 */
@Injectable()
export class KnownMemberships {
  private readonly known = new BoundedCache<true>(KNOWN_MEMBERSHIPS_MAX, KNOWN_MEMBERSHIP_TTL_MS);

  has(communityId: string, userId: string): boolean {
    return this.known.get(`${communityId}\u0000${userId}`) === true;
  }

  remember(communityId: string, userId: string): void {
    this.known.set(`${communityId}\u0000${userId}`, true);
  }
}
