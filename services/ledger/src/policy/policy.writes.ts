import { DomainError, type Policy } from '@ticketonomics/contracts';
import type { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import type { LedgerStores } from '../store/ledger.stores';

export type PolicyChange = Partial<
  Pick<Policy, 'currencyName' | 'currencySymbol' | 'taxBps' | 'transferMin' | 'transferMax'>
>;

/** Policy changes, run by the writer thread inside a group commit. */
export class PolicyWrites {
  constructor(
    private readonly stores: LedgerStores,
    private readonly events: LedgerEventsEmitter,
  ) {}

  /** Fields left out keep their values; an unchanged policy is returned as is, without an event. */
  set(communityId: string, change: PolicyChange): Policy {
    const current = this.stores.policies.get(communityId);
    const next = { ...current, ...definedOnly(change) };
    if (next.transferMin > next.transferMax) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `transferMin: ${next.transferMin} is above transferMax ${next.transferMax}; lower it or raise transferMax`,
        { field: 'transferMin' },
      );
    }
    const changed = (Object.keys(change) as (keyof PolicyChange)[]).some((key) => current[key] !== next[key]);
    if (!changed) return current;
    const updated: Policy = { ...next, version: current.version + 1, updatedAt: new Date().toISOString() };
    this.stores.policies.save(updated);
    this.events.policyUpdated(updated);
    return updated;
  }
}

function definedOnly(change: PolicyChange): PolicyChange {
  return Object.fromEntries(
    Object.entries(change).filter(([, value]) => value !== undefined),
  ) as PolicyChange;
}
