import { AccountsCommands, DomainError, ledgerAccountId, USER_ID_PATTERN } from '@ticketonomics/contracts';
import type { Commands } from '../http/route';
import type { KnownMemberships } from './known-memberships.cache';

/** Where a member id came from, so a refusal names it as a bad field would be named. */
export interface NamedMember {
  id: string;
  field: string;
  in: 'path' | 'query' | 'body';
}

/**
 * Refuse (404 NOT_FOUND naming the field) any member who is not an active member of the community. The
 * artifacts service trusts the ids it is given, so a key could otherwise give an edition to, or act for,
 * a user of another community; a user of another community and an unknown id are answered alike, so a key
 * learns nothing about other communities. The checks run at once; the first refused member in the
 * list's order is the one named, so the answer does not depend on which reply came first.
 */
export async function requireActiveMembers(
  commands: Commands,
  communityId: string,
  members: NamedMember[],
): Promise<void> {
  const checks = await Promise.allSettled(
    members.map(async (member) => {
      let status: string;
      try {
        status = (await commands.request(AccountsCommands.membershipGet, { communityId, userId: member.id }))
          .status;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') throw notAMember(member);
        throw error;
      }
      if (status !== 'active') throw notAMember(member);
    }),
  );
  for (const check of checks) if (check.status === 'rejected') throw check.reason;
}

/** Roles that run a community: what the bot calls a group admin. */
const ADMIN_ROLES: readonly string[] = ['admin', 'owner'];

/**
 * Refuse anyone but an active admin (or owner) of the community: 404 as requireActiveMembers for one who
 * is not an active member, 403 FORBIDDEN (reason not_admin) for a plain member. For the acts a service
 * records in an admin's name (a veto), so the admin scope alone cannot put one on a plain member's account.
 */
export async function requireCommunityAdmin(
  commands: Commands,
  communityId: string,
  member: NamedMember,
): Promise<void> {
  let membership;
  try {
    membership = await commands.request(AccountsCommands.membershipGet, { communityId, userId: member.id });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') throw notAMember(member);
    throw error;
  }
  if (membership.status !== 'active') throw notAMember(member);
  if (!ADMIN_ROLES.includes(membership.role)) {
    throw new DomainError(
      'FORBIDDEN',
      `${member.field}: ${member.id} is not an admin of this community; name an admin or the owner`,
      { field: member.field, in: member.in, reason: 'not_admin' },
    );
  }
}

function notAMember(member: NamedMember): DomainError {
  return new DomainError('NOT_FOUND', `${member.field}: no active member ${member.id} in this community`, {
    field: member.field,
    in: member.in,
  });
}

/** A member named by a ledger request, and the ledger field that names their account. */
export interface LedgerMember {
  id: string;
  accountField: string;
}

/**
 * Refuse a ledger request naming anyone who never was a member of the community, as the ledger did when
 * only members had accounts: the ledger now opens a member's account the first time a payment or mint
 * names it, so it no longer tells a stranger from a member who was never paid. Accounts does: a member,
 * active or left, has a membership; a stranger gets the ledger's NOT_FOUND for the account field, which the
 * route words as before. The checks run at once; the first refused in the list's order is the one named.
 */
export async function requireLedgerMembers(
  commands: Commands,
  known: KnownMemberships,
  communityId: string,
  members: LedgerMember[],
): Promise<void> {
  const checks = await Promise.allSettled(
    members.map(async (member) => {
      if (known.has(communityId, member.id)) return;
      try {
        // Accounts' user ids are ULIDs: any other id is no one's.
        if (!USER_ID_PATTERN.test(member.id)) throw new DomainError('NOT_FOUND', 'no such user');
        await commands.request(AccountsCommands.membershipGet, { communityId, userId: member.id });
        known.remember(communityId, member.id);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
        const accountId = ledgerAccountId('user', communityId, member.id);
        throw new DomainError('NOT_FOUND', `${member.accountField}: no account ${accountId}`, {
          field: member.accountField,
          accountId,
        });
      }
    }),
  );
  for (const check of checks) if (check.status === 'rejected') throw check.reason;
}
