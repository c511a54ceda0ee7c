import {
  GOVERNED_PARAMETERS,
  parametersOf,
  type CommunitySettings,
  type ParameterId,
  type Policy,
} from '@ticketonomics/contracts';
import type { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import type { GovernanceStores } from '../store/governance.stores';
import { toParameterChange } from './history.store';

/** One owner's values of its governed parameters after a change, as its event reports them. */
export interface OwnerValues {
  communityId: string;
  /** The owner's version of them: 1 is the first change from the owner's initial values. */
  version: number;
  values: Partial<Record<ParameterId, number | null>>;
  atMs: number;
}

export function policyValues(policy: Policy): OwnerValues {
  return ownerValues(
    policy.communityId,
    policy.version,
    policy.updatedAt,
    (field) => {
      const value = (policy as unknown as Record<string, unknown>)[field];
      return typeof value === 'number' ? value : null;
    },
    'ledger',
  );
}

export function rewardValues(settings: CommunitySettings): OwnerValues {
  return ownerValues(
    settings.communityId,
    settings.version,
    settings.updatedAt,
    (field) => {
      const value = (settings.rewards as unknown as Record<string, unknown>)[field];
      return typeof value === 'number' ? value : null;
    },
    'accounts',
  );
}

function ownerValues(
  communityId: string,
  version: number,
  updatedAt: string,
  read: (field: string) => number | null,
  owner: 'ledger' | 'accounts',
): OwnerValues {
  const values: OwnerValues['values'] = {};
  for (const id of parametersOf(owner)) values[id] = read(GOVERNED_PARAMETERS[id].field);
  return { communityId, version, values, atMs: Date.parse(updatedAt) };
}

/**
 * Turns an owner's "values after the change" into history: one entry per governed parameter whose value
 * differs from the last one seen, credited to the passed proposal whose change it is (status applying or
 * applied, same parameter and value), else to an admin. Runs inside the transaction recording the event.
 */
export class HistoryRecorder {
  constructor(
    private readonly stores: GovernanceStores,
    private readonly events: GovernanceEventsEmitter,
  ) {}

  record(change: OwnerValues): void {
    for (const [parameter, newValue] of Object.entries(change.values) as Array<
      [ParameterId, number | null]
    >) {
      const last = this.stores.history.lastValue(change.communityId, parameter);
      if (last === undefined && change.version !== 1) {
        // Governance started after the owner's first change: this is where its history begins.
        this.stores.history.saveValue(change.communityId, parameter, newValue);
        continue;
      }
      const oldValue = last === undefined ? GOVERNED_PARAMETERS[parameter].initial : last;
      if (oldValue === newValue) continue;
      const seq = this.stores.counters.next(change.communityId, 'history');
      const proposalId =
        newValue === null
          ? null
          : this.stores.proposals.claimChange(change.communityId, parameter, newValue, seq);
      const row = {
        communityId: change.communityId,
        seq,
        parameter,
        oldValue,
        newValue,
        source: proposalId === null ? ('admin' as const) : ('proposal' as const),
        proposalId,
        at: change.atMs,
      };
      this.stores.history.insert(row);
      this.stores.history.saveValue(change.communityId, parameter, newValue);
      this.events.parameterChanged(toParameterChange(row));
    }
  }
}
