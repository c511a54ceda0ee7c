import { Injectable } from '@nestjs/common';
import { DomainError, type Supply, type Transfer } from '@ticketonomics/contracts';
import { issuanceAccountId, treasuryAccountId } from '../accounts/account-id';
import { LedgerReads } from '../store/ledger.reads';
import { LedgerWriter } from '../writer/ledger-writer';
import type { SupplyChange } from '../writer/ledger-writer.protocol';

@Injectable()
export class SupplyService {
  constructor(
    private readonly reads: LedgerReads,
    private readonly writer: LedgerWriter,
  ) {}

  mint(request: SupplyChange): Promise<Transfer> {
    return this.writer.call('supply.mint', request);
  }

  burn(request: SupplyChange): Promise<Transfer> {
    return this.writer.call('supply.burn', request);
  }

  /** Supply is what the issuance account has put out; circulating is what is outside the treasury. */
  get(communityId: string): Supply {
    const issuance = this.reads.accounts.find(issuanceAccountId(communityId));
    if (issuance === undefined) {
      throw new DomainError('NOT_FOUND', `communityId: no accounts in community ${communityId} yet`, {
        field: 'communityId',
      });
    }
    const treasury = this.reads.accounts.require(treasuryAccountId(communityId));
    const supply = -issuance.balance;
    return {
      communityId,
      supply,
      treasury: treasury.balance,
      circulating: supply - treasury.balance,
      ...this.reads.counts(communityId),
    };
  }
}
