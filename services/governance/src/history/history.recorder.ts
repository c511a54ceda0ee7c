import {
  GOVERNED_PARAMETERS,
  ledgerParameterValue,
  settingsOf,
  type CommunitySettings,
  type ParameterId,
  type Policy,
} from '@ticketonomics/contracts';
import type { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import type { ProposalRow } from '../proposals/proposals.store';
import type { GovernanceStores } from '../store/governance.stores';
import { toParameterChange, type HistoryRow } from './history.store';

/** One owner's values of its governed parameters after a change, as its event reports them. */
export interface OwnerValues {
  communityId: string;
  /** The owner's version of them: 1 is the first change from the owner's initial values. */
  version: number;
  values: Partial<Record<ParameterId, number | null>>;
  atMs: number;
}

/** The ledger's governed settings in a policy, nested ones (emission, distribution) read as proposed. */
export function policyValues(policy: Policy): OwnerValues {
  return ownerValues(
    policy.communityId,
    policy.version,
    policy.updatedAt,
    (id) => ledgerParameterValue(policy, id),
    'ledger',
  );
}

export function rewardValues(settings: CommunitySettings): OwnerValues {
  return ownerValues(
    settings.communityId,
    settings.version,
    settings.updatedAt,
    (id) => {
      const value = (settings.rewards as unknown as Record<string, unknown>)[GOVERNED_PARAMETERS[id].field];
      return typeof value === 'number' ? value : null;
    },
    'accounts',
  );
}

function ownerValues(
  communityId: string,
  version: number,
  updatedAt: string,
  read: (id: ParameterId) => number | null,
  owner: 'ledger' | 'accounts',
): OwnerValues {
  const values: OwnerValues['values'] = {};
  for (const id of settingsOf(owner)) values[id] = read(id);
  return { communityId, version, values, atMs: Date.parse(updatedAt) };
}

/**
 * Turns an owner's "values after the change" into history: one entry per governed parameter whose value
 * differs from the last one seen, credited to the passed proposal whose change it is (status applying or
 * applied, same parameter and value), else to an admin. Runs inside the transaction recording the event.
 * Every value is remembered the first time it is seen, changed or not, so the owner's next change of it is
 * measured from there.
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
      if (last === undefined) this.stores.history.saveValue(change.communityId, parameter, newValue);
      if (last === undefined && change.version !== 1) {
        // Governance started after the owner's first change (or the parameter joined the whitelist
        // later): this is where its history begins, unless the value is a passed proposal's, which
        // says what it changed from.
        this.recordClaimed(change, parameter, newValue);
        continue;
      }
      const oldValue = last === undefined ? GOVERNED_PARAMETERS[parameter].initial : last;
      if (oldValue === newValue) continue;
      const claimed =
        newValue === null
          ? null
          : this.stores.proposals.unrecordedChange(change.communityId, parameter, newValue);
      this.insert(
        {
          communityId: change.communityId,
          parameter,
          oldValue,
          newValue,
          recipientId: null,
          at: change.atMs,
        },
        claimed?.id ?? null,
      );
      this.stores.history.saveValue(change.communityId, parameter, newValue);
    }
  }

  /** A grant a vote paid: one entry, from nothing to its amount, naming the member paid. */
  recordGrant(proposal: ProposalRow): void {
    this.insert(
      {
        communityId: proposal.communityId,
        parameter: proposal.parameter,
        oldValue: null,
        newValue: proposal.proposedValue,
        recipientId: proposal.recipientId,
        at: proposal.appliedAt ?? proposal.createdAt,
      },
      proposal.id,
    );
  }

  private recordClaimed(change: OwnerValues, parameter: ParameterId, newValue: number | null): void {
    if (newValue === null) return;
    const claimed = this.stores.proposals.unrecordedChange(change.communityId, parameter, newValue);
    if (claimed === null || claimed.currentValue === newValue) return;
    this.insert(
      {
        communityId: change.communityId,
        parameter,
        oldValue: claimed.currentValue,
        newValue,
        recipientId: null,
        at: change.atMs,
      },
      claimed.id,
    );
  }

  /** One entry, credited to `proposalId` (linked to it) or else to an admin, and its event. */
  private insert(entry: Omit<HistoryRow, 'seq' | 'source' | 'proposalId'>, proposalId: number | null): void {
    const seq = this.stores.counters.next(entry.communityId, 'history');
    if (proposalId !== null) this.stores.proposals.link(entry.communityId, proposalId, seq);
    const row: HistoryRow = {
      ...entry,
      seq,
      source: proposalId === null ? 'admin' : 'proposal',
      proposalId,
    };
    this.stores.history.insert(row);
    this.events.parameterChanged(toParameterChange(row));
  }
}
