import { Injectable } from '@nestjs/common';
import {
  DomainError,
  PAGE_SIZE_DEFAULT,
  type Account,
  type AccountKind,
  type BalanceView,
} from '@ticketonomics/contracts';
import { CommitQueue } from '../commit/commit-queue';
import { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import { LedgerStores } from '../store/ledger.stores';
import { decodeCursor, encodeCursor } from '@ticketonomics/persistence';
import { availableOf, toAccount } from './account.mapper';
import { AccountOpener, type AccountOpening } from './account.opener';

export type { AccountOpening } from './account.opener';

@Injectable()
export class AccountsService {
  private readonly opener: AccountOpener;

  constructor(
    private readonly stores: LedgerStores,
    private readonly queue: CommitQueue,
    private readonly events: LedgerEventsEmitter,
  ) {
    this.opener = new AccountOpener(stores, events);
  }

  /** Idempotent: opening an existing account returns it. The community's system accounts open with it. */
  open(request: AccountOpening): Promise<Account> {
    return this.queue.submit(() => this.openInTransaction(request));
  }

  /** The synchronous part of open(), for callers already inside a transaction of their own. */
  openInTransaction(request: AccountOpening): Account {
    return toAccount(this.opener.open(request, Date.now()));
  }

  /** A member's account not opened yet reads as empty (see AccountOpener.named). */
  get(accountId: string): Account {
    return toAccount(this.opener.named(accountId, 'accountId', Date.now()));
  }

  balance(accountId: string): BalanceView {
    const row = this.opener.named(accountId, 'accountId', Date.now());
    return {
      accountId: row.id,
      balance: row.balance,
      pendingDebits: row.pendingDebits,
      pendingCredits: row.pendingCredits,
      available: availableOf(row),
    };
  }

  async list(request: {
    communityId: string;
    kind?: AccountKind;
    cursor?: string;
    limit?: number;
  }): Promise<{ items: Account[]; nextCursor: string | null }> {
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const rows = this.stores.accounts.page({
      communityId: request.communityId,
      kind: request.kind,
      after: request.cursor === undefined ? undefined : decodeCursor(request.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toAccount(row)),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.id) : null,
    };
  }

  setFrozen(accountId: string, frozen: boolean, reason: string): Promise<Account> {
    return this.queue.submit(() => {
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
    });
  }
}
