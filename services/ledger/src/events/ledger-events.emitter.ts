import {
  eventSourceOf,
  LedgerEvents,
  type EmissionApplied,
  type Policy,
  type PendingState,
} from '@ticketonomics/contracts';
import { buildEvent, type OutboxStore } from '@ticketonomics/messaging';
import { toAccount, toSnapshot, type AccountRow } from '../accounts/account.mapper';
import type { JournalRow } from '../journal/journal.store';
import { toTransfer } from '../transfers/transfer.mapper';

export const LEDGER_EVENT_SOURCE = eventSourceOf('ledger');

/** Writes the ledger's events to the outbox, inside the transaction of the change they describe. */
export class LedgerEventsEmitter {
  constructor(private readonly outbox: OutboxStore) {}

  accountOpened(row: AccountRow): void {
    this.outbox.enqueue(
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
    this.outbox.enqueue(
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
      this.outbox.enqueue(buildEvent(LedgerEvents.transferPending, { ...base, data }));
    } else if (row.kind === 'void_pending') {
      const reason = row.id.endsWith('/expire') ? 'expired' : 'voided';
      this.outbox.enqueue(buildEvent(LedgerEvents.transferVoided, { ...base, data: { ...data, reason } }));
    } else {
      this.outbox.enqueue(buildEvent(LedgerEvents.transferPosted, { ...base, data }));
    }
  }

  policyUpdated(policy: Policy): void {
    this.outbox.enqueue(
      buildEvent(LedgerEvents.policyUpdated, {
        source: LEDGER_EVENT_SOURCE,
        communityId: policy.communityId,
        subject: policy.communityId,
        data: policy,
      }),
    );
  }

  emissionApplied(applied: EmissionApplied): void {
    this.outbox.enqueue(
      buildEvent(LedgerEvents.emissionApplied, {
        source: LEDGER_EVENT_SOURCE,
        communityId: applied.communityId,
        subject: `${applied.communityId}/${applied.period}/${applied.periodIndex}`,
        data: applied,
      }),
    );
  }
}
