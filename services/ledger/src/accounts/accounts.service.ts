import { Injectable } from '@nestjs/common';
import {
  PAGE_SIZE_DEFAULT,
  type Account,
  type AccountKind,
  type BalanceView,
} from '@ticketonomics/contracts';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../store/cursor';
import { LedgerReads } from '../store/ledger.reads';
import { LedgerWriter } from '../writer/ledger-writer';
import { AccountEntity } from './account.entity';
import { availableOf, toAccount } from './account.mapper';

@Injectable()
export class AccountsService {
  constructor(
    private readonly reads: LedgerReads,
    private readonly writer: LedgerWriter,
    private readonly dataSource: DataSource,
  ) {}

  /** Idempotent: opening an existing account returns it. The community's system accounts open with it. */
  open(request: { communityId: string; kind: AccountKind; ownerId?: string }): Promise<Account> {
    return this.writer.call('account.open', request);
  }

  get(accountId: string): Account {
    return toAccount(this.reads.accounts.require(accountId));
  }

  balance(accountId: string): BalanceView {
    const row = this.reads.accounts.require(accountId);
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
    const query = this.dataSource
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .where('a.community_id = :communityId', { communityId: request.communityId })
      .orderBy('a.id', 'ASC')
      .limit(limit + 1);
    if (request.kind !== undefined) query.andWhere('a.kind = :kind', { kind: request.kind });
    if (request.cursor !== undefined)
      query.andWhere('a.id > :after', { after: decodeCursor(request.cursor) });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toAccount(row)),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.id) : null,
    };
  }

  setFrozen(accountId: string, frozen: boolean, reason: string): Promise<Account> {
    return this.writer.call('account.setFrozen', accountId, frozen, reason);
  }
}
