import { Injectable } from '@nestjs/common';
import type { Policy } from '@ticketonomics/contracts';
import { LedgerReads } from '../store/ledger.reads';
import { LedgerWriter } from '../writer/ledger-writer';
import type { PolicyChange } from './policy.writes';

@Injectable()
export class PolicyService {
  constructor(
    private readonly reads: LedgerReads,
    private readonly writer: LedgerWriter,
  ) {}

  get(communityId: string): Policy {
    return this.reads.policies.get(communityId);
  }

  /** Fields left out keep their values; an unchanged policy is returned as is, without an event. */
  set(communityId: string, change: PolicyChange): Promise<Policy> {
    return this.writer.call('policy.set', communityId, change);
  }
}
