import { DomainError, type Account, type AccountKind } from '@ticketonomics/contracts';
import type { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import type { LedgerStores } from '../store/ledger.stores';
import { accountIdOf, issuanceAccountId, treasuryAccountId } from './account-id';
import { toAccount, type AccountRow } from './account.mapper';

/** Account changes, run by the writer thread inside a group commit. */
export class AccountsWrites {
  constructor(
    private readonly stores: LedgerStores,
    private readonly events: LedgerEventsEmitter,
  ) {}

  /** Idempotent: opening an existing account returns it. The community's system accounts open with it. */
  open(request: { communityId: string; kind: AccountKind; ownerId?: string }): Account {
    const now = Date.now();
    this.ensure(issuanceAccountId(request.communityId), request.communityId, 'issuance', null, now);
    this.ensure(treasuryAccountId(request.communityId), request.communityId, 'treasury', null, now);
    const id = accountIdOf(request.kind, request.communityId, request.ownerId);
    return toAccount(this.ensure(id, request.communityId, request.kind, request.ownerId ?? null, now));
  }

  setFrozen(accountId: string, frozen: boolean, reason: string): Account {
    const row = this.stores.accounts.require(accountId);
    if (row.kind === 'issuance') {
      throw new DomainError('FORBIDDEN', 'accountId: the issuance account cannot be frozen', {
        field: 'accountId',
      });
    }
    if ((row.frozen === 1) === frozen) return toAccount(row);
    const updated = this.stores.accounts.setFrozen(accountId, frozen);
    this.events.accountFrozenChanged(updated, reason);
    return toAccount(updated);
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
    this.events.accountOpened(row);
    return row;
  }
}
