import {
  eventSourceOf,
  LedgerEvents,
  type CloudEvent,
  type EmissionApplied,
  type Policy,
  type PendingState,
} from '@ticketonomics/contracts';
import { buildEvent } from '@ticketonomics/messaging';
import { toAccount, toSnapshot, type AccountRow } from '../accounts/account.mapper';
import type { JournalRow } from '../journal/journal.store';
import { toTransfer } from '../transfers/transfer.mapper';
import type { GroupEventsBuffer } from './group-events.buffer';

export const LEDGER_EVENT_SOURCE = eventSourceOf('ledger');

/**
 * Raises the ledger's events inside the write that they describe: they join the commit group's journal
 * message, and are published once the group is committed (events/journal-events.publisher.ts).
 */
export class LedgerEventsEmitter {
  constructor(private readonly group: GroupEventsBuffer) {}

  private raise(event: CloudEvent): void {
    this.group.push({ eventId: event.id, subject: event.type, payload: JSON.stringify(event) });
  }

  accountOpened(row: AccountRow): void {
    this.raise(
      buildEvent(LedgerEvents.accountOpened, {
        source: LEDGER_EVENT_SOURCE,
        communityId: row.communityId,
        subject: row.id,
        data: toAccount(row),
      }),
    );
  }

  accountFrozenChanged(row: AccountRow, reason: string): void {
    const spec = row.frozen === 1 ? LedgerEvents.accountFrozen : LedgerEvents.accountUnfrozen;
    this.raise(
      buildEvent(spec, {
        source: LEDGER_EVENT_SOURCE,
        communityId: row.communityId,
        subject: row.id,
        data: { account: toAccount(row), reason },
      }),
    );
  }

  transfer(row: JournalRow, debit: AccountRow, credit: AccountRow, pendingState: PendingState | null): void {
    const base = {
      source: LEDGER_EVENT_SOURCE,
      communityId: row.communityId,
      subject: row.id,
    };
    const data = {
      transfer: toTransfer(row, pendingState),
      debit: toSnapshot(debit),
      credit: toSnapshot(credit),
    };
    if (row.kind === 'pending') {
      this.raise(buildEvent(LedgerEvents.transferPending, { ...base, data }));
    } else if (row.kind === 'void_pending') {
      const reason = row.id.endsWith('/expire') ? 'expired' : 'voided';
      this.raise(buildEvent(LedgerEvents.transferVoided, { ...base, data: { ...data, reason } }));
    } else {
      this.raise(buildEvent(LedgerEvents.transferPosted, { ...base, data }));
    }
  }

  policyUpdated(policy: Policy): void {
    this.raise(
      buildEvent(LedgerEvents.policyUpdated, {
        source: LEDGER_EVENT_SOURCE,
        communityId: policy.communityId,
        subject: policy.communityId,
        data: policy,
      }),
    );
  }

  emissionApplied(applied: EmissionApplied): void {
    this.raise(
      buildEvent(LedgerEvents.emissionApplied, {
        source: LEDGER_EVENT_SOURCE,
        communityId: applied.communityId,
        subject: `${applied.communityId}/${applied.period}/${applied.periodIndex}`,
        data: applied,
      }),
    );
  }
}
