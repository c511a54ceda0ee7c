import { Injectable } from '@nestjs/common';
import { DomainError, type Supply, type Transfer } from '@ticketonomics/contracts';
import { issuanceAccountId, treasuryAccountId } from '../accounts/account-id';
import { CommitQueue } from '../commit/commit-queue';
import { LedgerStores } from '../store/ledger.stores';
import { SupplyEngine } from './supply.engine';

interface SupplyChange {
  id: string;
  accountId: string;
  amount: number;
  memo: string;
}

@Injectable()
export class SupplyService {
  constructor(
    private readonly engine: SupplyEngine,
    private readonly queue: CommitQueue,
    private readonly stores: LedgerStores,
  ) {}

  mint(request: SupplyChange): Promise<Transfer> {
    return this.queue.submit(() => this.engine.mint(request), { checksBeforeWrites: true });
  }

  burn(request: SupplyChange): Promise<Transfer> {
    return this.queue.submit(() => this.engine.burn(request), { checksBeforeWrites: true });
  }

  /** Supply is what the issuance account has put out; circulating is what is outside the treasury. */
  get(communityId: string): Supply {
    const issuance = this.stores.accounts.find(issuanceAccountId(communityId));
    if (issuance === undefined) {
      throw new DomainError('NOT_FOUND', `communityId: no accounts in community ${communityId} yet`, {
        field: 'communityId',
      });
    }
    const treasury = this.stores.accounts.require(treasuryAccountId(communityId));
    const supply = -issuance.balance;
    return {
      communityId,
      supply,
      treasury: treasury.balance,
      circulating: supply - treasury.balance,
      accounts: this.stores.accounts.countOf(communityId),
      transfers: this.stores.journal.countOf(communityId),
    };
  }
}
