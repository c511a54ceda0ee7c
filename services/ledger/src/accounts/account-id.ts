import type { AccountKind } from '@ticketonomics/contracts';

/**
 * Account ids are derived from what identifies the account, so opening is naturally idempotent and a
 * community's issuance and treasury accounts can be found without a look-up. Clients treat them as opaque.
 */
export function accountIdOf(kind: AccountKind, communityId: string, ownerId?: string | null): string {
  return ownerId === undefined || ownerId === null
    ? `${kind}:${communityId}`
    : `${kind}:${communityId}:${ownerId}`;
}

export const issuanceAccountId = (communityId: string): string => accountIdOf('issuance', communityId);
export const treasuryAccountId = (communityId: string): string => accountIdOf('treasury', communityId);
