import { parseMemberAccountId, type AccountKind } from '@ticketonomics/contracts';
import type { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import type { LedgerStores } from '../store/ledger.stores';
import { accountIdOf, issuanceAccountId, treasuryAccountId } from './account-id';
import type { AccountRow } from './account.mapper';

export interface AccountOpening {
  communityId: string;
  kind: AccountKind;
  ownerId?: string;
}

/**
 * The one place the ledger opens accounts: account.open, the accounts service's events (a community
 * created, a member joined or rewarded), and the first movement that names a member's account. Accounts
 * decides who is a member; the ledger trusts a well-formed member account id (user:<community>:<ULID>)
 * and opens it on first use, so no caller has to open one before paying or minting into it. Every other
 * unknown account stays NOT_FOUND. Runs inside the commit queue's transactions, like the engines.
 */
export class AccountOpener {
  constructor(
    private readonly stores: LedgerStores,
    private readonly events: LedgerEventsEmitter,
  ) {}

  /** Idempotent: opening an existing account returns it. The community's system accounts open with it. */
  open(request: AccountOpening, now: number): AccountRow {
    this.ensure(issuanceAccountId(request.communityId), request.communityId, 'issuance', null, now);
    this.ensure(treasuryAccountId(request.communityId), request.communityId, 'treasury', null, now);
    const id = accountIdOf(request.kind, request.communityId, request.ownerId);
    return this.ensure(id, request.communityId, request.kind, request.ownerId ?? null, now);
  }

  /**
   * The account a movement or a read names: a known one, or a member's account the ledger has not seen
   * yet as it will be once opened (nothing in it; openOnFirstUse opens it when money moves), so paying
   * from it is INSUFFICIENT_FUNDS and reading it a zero balance, not NOT_FOUND. Anything else unknown is
   * NOT_FOUND.
   */
  named(id: string, field: string, now = 0): AccountRow {
    const row = this.stores.accounts.find(id);
    if (row !== undefined) return row;
    const member = parseMemberAccountId(id);
    if (member === null) return this.stores.accounts.require(id, field);
    return unopened(id, member.communityId, 'user', member.userId, now);
  }

  /**
   * The issuance account of `account`'s community. Beside a member's account not opened yet it may not
   * exist either (a community the ledger has not heard of yet): then it is read as it will be once
   * opened with the member.
   */
  issuanceBeside(account: AccountRow): AccountRow {
    const id = issuanceAccountId(account.communityId);
    const row = this.stores.accounts.find(id);
    if (row !== undefined || this.stores.accounts.find(account.id) !== undefined) {
      return row ?? this.stores.accounts.require(id);
    }
    return unopened(id, account.communityId, 'issuance', null, 0);
  }

  /**
   * Opens a member's account named by a movement, with its community's system accounts, when the ledger
   * does not know it yet: called by the journal writer before money moves, once every check passed, so a
   * refused movement opens nothing, and a repeated one finds the account open.
   */
  openOnFirstUse(id: string, now: number): void {
    if (this.stores.accounts.find(id) !== undefined) return;
    const member = parseMemberAccountId(id);
    if (member === null) return;
    this.open({ communityId: member.communityId, kind: 'user', ownerId: member.userId }, now);
  }

  private ensure(
    id: string,
    communityId: string,
    kind: AccountKind,
    ownerId: string | null,
    now: number,
  ): AccountRow {
    const existing = this.stores.accounts.find(id);
    if (existing !== undefined) return existing;
    const row = this.stores.accounts.insert({ id, communityId, kind, ownerId, createdAt: now });
    // A member's account is a membership the ledger knows of, even before (or without) its accounts event.
    if (kind === 'user' && ownerId !== null) this.stores.members.ensure(communityId, ownerId, now);
    this.events.accountOpened(row);
    return row;
  }
}

/** An account as it reads before it is opened (as if opened at `createdAt`): nothing in it, not frozen. */
function unopened(
  id: string,
  communityId: string,
  kind: AccountKind,
  ownerId: string | null,
  createdAt: number,
): AccountRow {
  return {
    id,
    communityId,
    kind,
    ownerId,
    frozen: 0,
    balance: 0,
    pendingDebits: 0,
    pendingCredits: 0,
    createdAt,
  };
}
