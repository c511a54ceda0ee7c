import { DomainError, type PendingState, type Transfer } from '@ticketonomics/contracts';
import type { JournalWriter, NewEntry } from '../journal/journal.writer';
import type { JournalRow } from '../journal/journal.store';
import type { LedgerStores } from '../store/ledger.stores';
import { toTransfer } from './transfer.mapper';
import { idempotencyConflict } from './transfer.rules';

/**
 * Settling holds: post (all or part of the held amount), void, and expiry of holds whose time ran out.
 * PaymentsEngine opens them. Settlement rows use the hold's id with '/': `<hold>/post`, `<hold>/void`,
 * `<hold>/expire`. Every method is synchronous and runs inside a transaction of the commit queue.
 */
export class HoldsEngine {
  constructor(
    private readonly stores: LedgerStores,
    private readonly writer: JournalWriter,
  ) {}

  post(request: { pendingId: string; amount?: number }): Transfer {
    const hold = this.requireHold(request.pendingId);
    const amount = request.amount ?? hold.amount;
    const settled = this.stores.journal.findSettlement(hold.id);
    if (settled !== undefined) {
      if (settled.kind !== 'post_pending') throw this.notOpen(hold.id, this.stores.holds.state(hold.id));
      if (settled.amount !== amount)
        throw idempotencyConflict(settled.id, 'amount', { posted: settled.amount });
      return toTransfer(settled, null);
    }
    this.assertHoldOpen(hold);
    if (amount > hold.amount) {
      throw new DomainError('VALIDATION_FAILED', `amount: must be at most the held ${hold.amount}`, {
        field: 'amount',
        held: hold.amount,
      });
    }
    this.stores.holds.settle(hold.id, 'posted');
    const row = this.writer.write(
      this.settlementEntry(hold, `${hold.id}/post`, 'post_pending', amount),
      [-amount, -hold.amount, 0],
      [amount, 0, -hold.amount],
    );
    return toTransfer(row, null);
  }

  void(request: { pendingId: string }): Transfer {
    const hold = this.requireHold(request.pendingId);
    const settled = this.stores.journal.findSettlement(hold.id);
    if (settled !== undefined) {
      if (settled.id === `${hold.id}/void`) return toTransfer(settled, null);
      throw this.notOpen(hold.id, this.stores.holds.state(hold.id));
    }
    this.assertHoldOpen(hold);
    return toTransfer(this.release(hold, 'voided'), null);
  }

  /** Release holds whose time ran out, at most `limit` per call; returns how many expired. */
  expireDue(limit: number): number {
    const due = this.stores.holds.due(this.writer.now(), limit);
    for (const holdId of due) {
      const hold = this.stores.journal.findById(holdId);
      if (hold === undefined) throw new Error(`hold ${holdId} has no journal row`);
      this.release(hold, 'expired');
    }
    return due.length;
  }

  private release(hold: JournalRow, state: 'voided' | 'expired'): JournalRow {
    this.stores.holds.settle(hold.id, state);
    const suffix = state === 'voided' ? 'void' : 'expire';
    return this.writer.write(
      this.settlementEntry(hold, `${hold.id}/${suffix}`, 'void_pending', hold.amount),
      [0, -hold.amount, 0],
      [0, 0, -hold.amount],
    );
  }

  private requireHold(pendingId: string): JournalRow {
    const hold = this.stores.journal.findById(pendingId);
    if (hold === undefined || hold.kind !== 'pending') {
      throw new DomainError('NOT_FOUND', `pendingId: no hold ${pendingId}`, { field: 'pendingId' });
    }
    return hold;
  }

  private assertHoldOpen(hold: JournalRow): void {
    if (hold.expiresAt !== null && hold.expiresAt <= this.writer.now())
      throw this.notOpen(hold.id, 'expired');
  }

  private notOpen(holdId: string, state: PendingState | null): DomainError {
    return new DomainError(
      'PENDING_NOT_OPEN',
      `pendingId: hold ${holdId} is ${state ?? 'settled'}, not open`,
      {
        field: 'pendingId',
        state,
      },
    );
  }

  private settlementEntry(
    hold: JournalRow,
    id: string,
    kind: 'post_pending' | 'void_pending',
    amount: number,
  ): NewEntry {
    return {
      id,
      kind,
      communityId: hold.communityId,
      debitAccountId: hold.debitAccountId,
      creditAccountId: hold.creditAccountId,
      amount,
      code: hold.code,
      memo: hold.memo,
      pendingId: hold.id,
      timeoutMs: null,
      expiresAt: null,
      reversesId: null,
      linkedTo: null,
    };
  }
}
