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
import { accountIdOf, issuanceAccountId, treasuryAccountId } from './account-id';
import { availableOf, toAccount, type AccountRow } from './account.mapper';

export interface AccountOpening {
  communityId: string;
  kind: AccountKind;
  ownerId?: string;
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly stores: LedgerStores,
    private readonly queue: CommitQueue,
    private readonly events: LedgerEventsEmitter,
  ) {}

  /** Idempotent: opening an existing account returns it. The community's system accounts open with it. */
  open(request: AccountOpening): Promise<Account> {
    return this.queue.submit(() => this.openInTransaction(request));
  }

  /** The synchronous part of open(), for callers already inside a transaction of their own. */
  openInTransaction(request: AccountOpening): Account {
    const now = Date.now();
    this.ensure(issuanceAccountId(request.communityId), request.communityId, 'issuance', null, now);
    this.ensure(treasuryAccountId(request.communityId), request.communityId, 'treasury', null, now);
    const id = accountIdOf(request.kind, request.communityId, request.ownerId);
    return toAccount(this.ensure(id, request.communityId, request.kind, request.ownerId ?? null, now));
  }

  get(accountId: string): Account {
    return toAccount(this.stores.accounts.require(accountId));
  }

  balance(accountId: string): BalanceView {
    const row = this.stores.accounts.require(accountId);
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
