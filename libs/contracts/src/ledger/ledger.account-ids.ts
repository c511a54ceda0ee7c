import type { AccountKind } from './ledger.schemas';

/**
 * Account ids are derived from what identifies the account, so opening is naturally idempotent and any
 * service can name a community's issuance, treasury or escrow account, or a member's, without a look-up.
 */
export function ledgerAccountId(kind: AccountKind, communityId: string, ownerId?: string | null): string {
  return ownerId === undefined || ownerId === null
    ? `${kind}:${communityId}`
    : `${kind}:${communityId}:${ownerId}`;
}
