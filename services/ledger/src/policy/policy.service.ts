import { Injectable } from '@nestjs/common';
import { DomainError, type Policy } from '@ticketonomics/contracts';
import { CommitQueue } from '../commit/commit-queue';
import { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import { LedgerStores } from '../store/ledger.stores';

export type PolicyChange = Partial<
  Pick<Policy, 'currencyName' | 'currencySymbol' | 'taxBps' | 'transferMin' | 'transferMax'>
>;

@Injectable()
export class PolicyService {
  constructor(
    private readonly stores: LedgerStores,
    private readonly queue: CommitQueue,
    private readonly events: LedgerEventsEmitter,
  ) {}

  get(communityId: string): Policy {
    return this.stores.policies.get(communityId);
  }

  /** Fields left out keep their values; an unchanged policy is returned as is, without an event. */
  set(communityId: string, change: PolicyChange): Promise<Policy> {
    return this.queue.submit(() => {
      const current = this.stores.policies.get(communityId);
      const next = { ...current, ...definedOnly(change) };
      if (next.transferMin > next.transferMax) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `transferMin: ${next.transferMin} is above transferMax ${next.transferMax}; lower it or raise transferMax`,
          { field: 'transferMin' },
        );
      }
      const changed = (Object.keys(change) as (keyof PolicyChange)[]).some(
        (key) => current[key] !== next[key],
      );
      if (!changed) return current;
      const updated: Policy = { ...next, version: current.version + 1, updatedAt: new Date().toISOString() };
      this.stores.policies.save(updated);
      this.events.policyUpdated(updated);
      return updated;
    });
  }
}

function definedOnly(change: PolicyChange): PolicyChange {
  return Object.fromEntries(
    Object.entries(change).filter(([, value]) => value !== undefined),
  ) as PolicyChange;
}
