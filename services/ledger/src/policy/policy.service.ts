import { Injectable } from '@nestjs/common';
import { DomainError, type Policy } from '@ticketonomics/contracts';
import { CommitQueue } from '../commit/commit-queue';
import { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import { LedgerStores } from '../store/ledger.stores';
import { taxOf } from '../transfers/transfer.rules';

export type PolicyChange = Partial<
  Pick<
    Policy,
    | 'currencyName'
    | 'currencySymbol'
    | 'taxBps'
    | 'transferMin'
    | 'transferMax'
    | 'dailySendMax'
    | 'dailyReceiveMax'
  >
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

  /**
   * Fields left out keep their values (null clears a daily cap); an unchanged policy is returned as is,
   * without an event.
   */
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
      assertDailyCapsPossible(next, change);
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

/**
 * A daily cap that leaves no room for the smallest payment (transferMin, plus its tax on the sending
 * side) would make member payments impossible. The refusal names the cap when this change sets it, else
 * the field whose change made the cap too small.
 */
function assertDailyCapsPossible(next: Policy, change: PolicyChange): void {
  const smallest = {
    dailySendMax: next.transferMin + taxOf(next.transferMin, next.taxBps),
    dailyReceiveMax: next.transferMin,
  };
  for (const cap of ['dailySendMax', 'dailyReceiveMax'] as const) {
    const limit = next[cap];
    if (limit === null || limit >= smallest[cap]) continue;
    const field =
      change[cap] !== undefined ? cap : change.transferMin !== undefined ? 'transferMin' : 'taxBps';
    const cost = cap === 'dailySendMax' ? ' with its tax' : '';
    throw new DomainError(
      'VALIDATION_FAILED',
      `${field}: ${cap} ${limit} is below the smallest payment${cost} (${smallest[cap]}), so no member could pay; raise ${cap} or lower transferMin`,
      { field, cap, limit, smallest: smallest[cap] },
    );
  }
}
