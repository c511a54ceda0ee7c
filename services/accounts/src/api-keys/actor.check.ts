import { apiKeyIdOfActor, DomainError, USER_ID_PATTERN } from '@ticketonomics/contracts';
import type { AccountsPeers } from '../partitions/accounts-peers';
import type { AccountsStores } from '../store/accounts.stores';

/**
 * A user id as the actor must name a known user (a typo would spoil the audit trail): users are the global
 * partition's, so it is asked before the write (requireActor checks the rest inside it).
 */
export async function requireActorUser(peers: AccountsPeers, actor: string, field: string): Promise<void> {
  if (USER_ID_PATTERN.test(actor)) await peers.requireUser(actor, field);
}

/**
 * Checks the actor of a change in `communityId` (createdBy, revokedBy) before it goes into the audit
 * fields, inside the caller's write transaction:
 * - a user id was checked by requireActorUser before;
 * - `apikey:<keyId>` must name a key of that same community that is not revoked: a key acts only where it
 *   belongs, and a revoked key no longer acts at all (its gateway cache may lag by a request or two);
 * - `cli:<name>` is an operator's word, taken as given.
 */
export function requireActor(
  stores: AccountsStores,
  actor: string,
  field: string,
  communityId: string,
): void {
  if (USER_ID_PATTERN.test(actor)) return;
  const keyId = apiKeyIdOfActor(actor);
  if (keyId === null) return;
  const key = stores.apiKeys.find(keyId);
  // Another community's key is answered as unknown: nothing about it is said to this community.
  if (key === undefined || key.communityId !== communityId) {
    throw new DomainError('NOT_FOUND', `${field}: no API key ${keyId} in ${communityId}`, {
      field,
      keyId,
    });
  }
  if (key.revokedAt !== null) {
    throw new DomainError('FORBIDDEN', `${field}: the API key ${keyId} was revoked`, {
      field,
      keyId,
      reason: 'revoked',
    });
  }
}
