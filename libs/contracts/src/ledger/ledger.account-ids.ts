import { USER_ID_PATTERN } from '../accounts/accounts.schemas';
import { CommunityIdSchema } from '../primitives';
import { ACCOUNT_KINDS, type AccountKind } from './ledger.schemas';

/**
 * Account ids are derived from what identifies the account, so opening is naturally idempotent and any
 * service can name a community's issuance, treasury or escrow account, or a member's, without a look-up.
 */
export function ledgerAccountId(kind: AccountKind, communityId: string, ownerId?: string | null): string {
  return ownerId === undefined || ownerId === null
    ? `${kind}:${communityId}`
    : `${kind}:${communityId}:${ownerId}`;
}

/** What a ledger account id names: the inverse of ledgerAccountId. */
export interface LedgerAccountRef {
  kind: AccountKind;
  communityId: string;
  ownerId: string | null;
}

/**
 * The parts of an account id made by ledgerAccountId (`<kind>:<community>` or `<kind>:<community>:<owner>`;
 * community and owner ids hold no ':'), or null for a string that is not one: readers decide what an
 * unknown id means to them rather than guess at its parts.
 */
export function parseLedgerAccountId(accountId: string): LedgerAccountRef | null {
  const parts = accountId.split(':');
  if (parts.length < 2 || parts.length > 3) return null;
  const [kind, communityId, ownerId] = parts as [string, string, string | undefined];
  if (!(ACCOUNT_KINDS as readonly string[]).includes(kind) || communityId === '' || ownerId === '')
    return null;
  return { kind: kind as AccountKind, communityId, ownerId: ownerId ?? null };
}

/** The community an account id belongs to, or null when the string is not a ledger account id. */
export function communityOfAccountId(accountId: string): string | null {
  return parseLedgerAccountId(accountId)?.communityId ?? null;
}

/** A member's ledger account id, as ledgerAccountId('user', communityId, userId) makes it. */
export interface MemberAccountRef {
  communityId: string;
  userId: string;
}

/**
 * The community and user a member's account id names, or null when the string is not one: the ledger
 * opens such an account on its first use, so only ids a gateway could have derived for a real member
 * (a community id and an accounts user id, a ULID) qualify.
 */
export function parseMemberAccountId(accountId: string): MemberAccountRef | null {
  const ref = parseLedgerAccountId(accountId);
  if (ref === null || ref.kind !== 'user' || ref.ownerId === null) return null;
  if (!CommunityIdSchema.safeParse(ref.communityId).success || !USER_ID_PATTERN.test(ref.ownerId))
    return null;
  return { communityId: ref.communityId, userId: ref.ownerId };
}
