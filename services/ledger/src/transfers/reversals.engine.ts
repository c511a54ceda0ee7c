import { DomainError, type Transfer } from '@ticketonomics/contracts';
import type { JournalWriter } from '../journal/journal.writer';
import type { JournalRow } from '../journal/journal.store';
import type { LedgerStores } from '../store/ledger.stores';
import { toTransfer } from './transfer.mapper';
import { assertFunds, idempotencyConflict } from './transfer.rules';

/**
 * Reversals: a posted transfer undone by a new one in the other direction, its tax with it. Runs
 * synchronously inside a transaction of the commit queue.
 */
export class ReversalsEngine {
  constructor(
    private readonly stores: LedgerStores,
    private readonly writer: JournalWriter,
  ) {}

  /**
   * A new transfer in the other direction pointing at the original; a payment's tax is reversed with it.
   * Reversing a member payment gives no daily quota back: the payer's and payee's totals for the day
   * stay as they were (simple, and a reversal is an admin's correction, not a way to pay more).
   */
  reverse(request: { id: string; transferId: string; memo: string }): Transfer {
    const { journal } = this.stores;
    const existing = journal.findById(request.id);
    if (existing !== undefined) {
      if (existing.reversesId !== request.transferId) {
        throw idempotencyConflict(request.id, 'transferId');
      }
      if (existing.memo !== request.memo) throw idempotencyConflict(request.id, 'memo');
      return toTransfer(existing, null);
    }
    const original = journal.findById(request.transferId);
    if (original === undefined) {
      throw new DomainError('NOT_FOUND', `transferId: no transfer ${request.transferId}`, {
        field: 'transferId',
      });
    }
    if ((original.kind !== 'posted' && original.kind !== 'post_pending') || original.code === 'reversal') {
      throw new DomainError(
        'NOT_REVERSIBLE',
        `transferId: ${original.id} is a ${original.code === 'reversal' ? 'reversal' : original.kind} row; only posted transfers are reversed (void a hold instead)`,
        { field: 'transferId', kind: original.kind },
      );
    }
    const earlier = journal.findReversal(original.id);
    if (earlier !== undefined) {
      throw new DomainError(
        'ALREADY_REVERSED',
        `transferId: ${original.id} was already reversed by ${earlier.id}`,
        {
          field: 'transferId',
          reversalId: earlier.id,
        },
      );
    }
    const tax = original.kind === 'posted' ? journal.findById(`${original.id}/tax`) : undefined;
    const taxToReverse = tax !== undefined && journal.findReversal(tax.id) === undefined ? tax : undefined;
    const row = this.reverseRow(original, request.id, request.memo, null);
    if (taxToReverse !== undefined)
      this.reverseRow(taxToReverse, `${request.id}/tax`, request.memo, request.id);
    return toTransfer(row, null);
  }

  private reverseRow(original: JournalRow, id: string, memo: string, linkedTo: string | null): JournalRow {
    const debit = this.stores.accounts.require(original.creditAccountId);
    assertFunds(debit, original.amount, `reversing ${original.id}`);
    return this.writer.write(
      {
        id,
        kind: 'posted',
        communityId: original.communityId,
        debitAccountId: original.creditAccountId,
        creditAccountId: original.debitAccountId,
        amount: original.amount,
        code: 'reversal',
        memo,
        pendingId: null,
        timeoutMs: null,
        expiresAt: null,
        reversesId: original.id,
        linkedTo,
      },
      [-original.amount, 0, 0],
      [original.amount, 0, 0],
    );
  }
}
