import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Emission, type LedgerCommands, type Policy } from '@ticketonomics/contracts';
import type { CommandParsedRequest } from '@ticketonomics/contracts';
import { CommitQueue } from '../commit/commit-queue';
import { EmissionEngine, isScheduled } from '../emission/emission.engine';
import { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import { JournalWriter } from '../journal/journal.writer';
import { LedgerStores } from '../store/ledger.stores';
import { taxOf } from '../transfers/transfer.rules';

type PolicySetRequest = CommandParsedRequest<(typeof LedgerCommands)['policySet']>;
export type PolicyChange = Omit<PolicySetRequest, 'communityId'>;
type PolicyFields = Omit<Policy, 'communityId' | 'version' | 'updatedAt'>;

@Injectable()
export class PolicyService {
  constructor(
    private readonly stores: LedgerStores,
    private readonly queue: CommitQueue,
    private readonly events: LedgerEventsEmitter,
    @Inject(EmissionEngine) private readonly emission: EmissionEngine,
    private readonly writer: JournalWriter,
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
      const now = this.writer.now();
      const { emission, ...rest } = definedOnly(change);
      const next: Policy = {
        ...current,
        ...(rest as Partial<PolicyFields>),
        ...(emission === undefined ? {} : { emission: emissionOf(emission, current.emission, now) }),
      };
      if (next.transferMin > next.transferMax) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `transferMin: ${next.transferMin} is above transferMax ${next.transferMax}; lower it or raise transferMax`,
          { field: 'transferMin' },
        );
      }
      assertDailyCapsPossible(next, change);
      const changed = (Object.keys(definedOnly(change)) as (keyof PolicyFields)[]).some(
        (key) => JSON.stringify(current[key]) !== JSON.stringify(next[key]),
      );
      if (!changed) return current;
      const updated: Policy = {
        ...next,
        version: current.version + 1,
        updatedAt: new Date(now).toISOString(),
      };
      this.stores.policies.save(updated);
      const restarts =
        !isScheduled(current) ||
        current.emission.period !== updated.emission.period ||
        current.emission.startAt !== updated.emission.startAt;
      if (isScheduled(updated) && restarts) this.emission.reschedule(updated, now);
      this.events.policyUpdated(updated);
      return updated;
    });
  }
}

/**
 * The emission a policy.set asks for. Turned on without a start, it starts now (its first period is the
 * next whole one); a running emission keeps its start unless the change gives one or changes the period.
 */
function emissionOf(
  setting: NonNullable<PolicyChange['emission']>,
  current: Emission,
  now: number,
): Emission {
  const { startAt, ...rest } = setting;
  if (setting.mode === 'none') return { ...rest, startAt: null };
  const keepsRunning = current.mode !== 'none' && current.period === setting.period;
  return {
    ...rest,
    startAt: startAt ?? (keepsRunning ? current.startAt : new Date(now).toISOString()),
  };
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
