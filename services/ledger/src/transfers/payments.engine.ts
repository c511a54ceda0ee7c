import {
  DomainError,
  isDomainError,
  type Transfer,
  type TransferRequest,
  type TransferResult,
} from '@ticketonomics/contracts';
import { issuanceAccountId, treasuryAccountId } from '../accounts/account-id';
import type { JournalWriter } from '../journal/journal.writer';
import type { JournalRow } from '../journal/journal.store';
import type { LedgerStores } from '../store/ledger.stores';
import { toTransfer } from './transfer.mapper';
import {
  assertCanSend,
  assertDailyCaps,
  assertFunds,
  assertPaymentLimits,
  assertSameCommunity,
  firstDifference,
  idempotencyConflict,
  isMemberPayment,
  taxOf,
  utcDayOf,
} from './transfer.rules';

/**
 * Transfers between accounts (transfer.create, batches and linked batches), with a member payment's tax
 * and daily caps. A transfer with `pending` opens a hold; HoldsEngine settles it. Every method is
 * synchronous and runs inside a transaction of the commit queue: it reads, checks, then writes through
 * the journal writer. Derived rows use ids with '/', which client ids cannot contain: `<id>/tax`.
 */
export class PaymentsEngine {
  constructor(
    private readonly stores: LedgerStores,
    private readonly writer: JournalWriter,
  ) {}

  create(request: TransferRequest, linkedTo: string | null = null): TransferResult {
    const existing = this.stores.journal.findById(request.id);
    if (existing !== undefined) return this.repeatOf(existing, request);

    if (request.debitAccountId === request.creditAccountId) {
      throw new DomainError('VALIDATION_FAILED', 'creditAccountId: must differ from debitAccountId', {
        field: 'creditAccountId',
      });
    }
    const { policies } = this.stores;
    const debit = this.writer.accounts.named(request.debitAccountId, 'debitAccountId');
    const credit = this.writer.accounts.named(request.creditAccountId, 'creditAccountId');
    assertSameCommunity(debit, credit);
    if (debit.kind === 'issuance' || credit.kind === 'issuance') {
      throw new DomainError(
        'FORBIDDEN',
        'the issuance account moves only through tk.cmd.ledger.supply.mint and tk.cmd.ledger.supply.burn',
        { field: debit.kind === 'issuance' ? 'debitAccountId' : 'creditAccountId' },
      );
    }
    assertCanSend(debit, request.code);

    let tax = 0;
    /** The UTC day a member payment counts towards; null for anything else. */
    let paymentDay: string | null = null;
    if (request.code === 'payment') {
      if (request.pending !== undefined) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'pending: a payment is settled at once; holds are for purchases and trades (code purchase or trade)',
          { field: 'pending' },
        );
      }
      if (isMemberPayment(request.code, debit, credit)) {
        const policy = policies.get(debit.communityId);
        assertPaymentLimits(request.amount, policy);
        tax = taxOf(request.amount, policy.taxBps);
        const now = this.writer.now();
        paymentDay = utcDayOf(now);
        // Read inside the group's transaction, after every earlier write of the group: payments
        // committed together see each other's totals, so concurrent payments never pass a cap.
        assertDailyCaps({
          policy,
          payerId: debit.id,
          payeeId: credit.id,
          cost: request.amount + tax,
          amount: request.amount,
          sentToday: this.stores.dailyTotals.get(debit.id, paymentDay).sent,
          receivedToday: this.stores.dailyTotals.get(credit.id, paymentDay).received,
          now,
        });
      }
    }
    const what = tax > 0 ? `this payment (${request.amount} + ${tax} tax)` : 'this transfer';
    assertFunds(debit, request.amount + tax, what);

    const base = {
      communityId: debit.communityId,
      debitAccountId: debit.id,
      creditAccountId: credit.id,
      code: request.code,
      memo: request.memo,
      reversesId: null,
      linkedTo,
    };
    let row: JournalRow;
    if (request.pending === undefined) {
      row = this.writer.write(
        {
          ...base,
          id: request.id,
          kind: 'posted',
          amount: request.amount,
          pendingId: null,
          timeoutMs: null,
          expiresAt: null,
        },
        [-request.amount, 0, 0],
        [request.amount, 0, 0],
      );
    } else {
      const expiresAt = this.writer.now() + request.pending.timeoutMs;
      row = this.writer.write(
        {
          ...base,
          id: request.id,
          kind: 'pending',
          amount: request.amount,
          pendingId: null,
          timeoutMs: request.pending.timeoutMs,
          expiresAt,
        },
        [0, request.amount, 0],
        [0, 0, request.amount],
        'open',
      );
      this.stores.holds.open(request.id, expiresAt);
    }
    let taxRow: JournalRow | null = null;
    if (tax > 0) {
      taxRow = this.writer.write(
        {
          ...base,
          id: `${request.id}/tax`,
          kind: 'posted',
          // Burned tax leaves the supply: it goes back to the issuance account, as a burn does.
          creditAccountId:
            policies.get(debit.communityId).taxDestination === 'burn'
              ? issuanceAccountId(debit.communityId)
              : treasuryAccountId(debit.communityId),
          amount: tax,
          code: 'tax',
          memo: '',
          pendingId: null,
          timeoutMs: null,
          expiresAt: null,
          linkedTo: request.id,
        },
        [-tax, 0, 0],
        [tax, 0, 0],
      );
    }
    if (paymentDay !== null) {
      // Totals are kept whether or not the policy caps them, so a cap set during a day counts that
      // day's earlier payments. Written last, after the journal rows: every check is made by now.
      this.stores.dailyTotals.add(debit.id, paymentDay, request.amount + tax, 0);
      this.stores.dailyTotals.add(credit.id, paymentDay, 0, request.amount);
      // Paying counts as activity for a basic income's window.
      if (debit.ownerId !== null)
        this.stores.members.touch(debit.communityId, debit.ownerId, this.writer.now());
    }
    return {
      transfer: toTransfer(row, request.pending === undefined ? null : 'open'),
      tax: taxRow === null ? null : toTransfer(taxRow, null),
    };
  }

  /** All or nothing: the caller runs this in one savepoint, so a failure leaves no row behind. */
  createLinked(requests: readonly TransferRequest[]): Transfer[] {
    const seen = new Set<string>();
    requests.forEach((request, index) => {
      if (seen.has(request.id)) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `transfers.${index}.id: ${request.id} appears twice in the batch`,
          {
            field: `transfers.${index}.id`,
          },
        );
      }
      seen.add(request.id);
    });
    const stored = requests.map((request) => this.stores.journal.findById(request.id));
    const storedCount = stored.filter((row) => row !== undefined).length;
    if (storedCount > 0 && storedCount < requests.length) {
      const index = stored.findIndex((row) => row === undefined);
      throw idempotencyConflict(requests[0]!.id, `transfers.${index}.id`, { index });
    }
    const head = requests[0]!.id;
    const transfers: Transfer[] = [];
    requests.forEach((request, index) => {
      try {
        const result = this.create(request, head);
        transfers.push(result.transfer);
        if (result.tax !== null) transfers.push(result.tax);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const field =
          typeof error.details?.field === 'string' ? `transfers.${index}.${error.details.field}` : undefined;
        throw new DomainError(error.code, `transfers.${index}: ${error.message}; nothing was applied`, {
          ...error.details,
          index,
          ...(field === undefined ? {} : { field }),
        });
      }
    });
    return transfers;
  }

  /**
   * Forget member-payment totals of days before yesterday (UTC), at most `limit` rows: caps only ever
   * read today's totals, and keeping yesterday leaves room for a clock that is slightly behind.
   */
  pruneDailyTotals(limit: number): number {
    const yesterday = utcDayOf(this.writer.now() - 24 * 60 * 60 * 1000);
    return this.stores.dailyTotals.deleteDaysBefore(yesterday, limit);
  }

  /** The transfer stored under an id, with its tax row when it was a taxed payment. */
  resultOf(row: JournalRow): TransferResult {
    const tax = row.kind === 'posted' ? this.stores.journal.findById(`${row.id}/tax`) : undefined;
    return {
      transfer: toTransfer(row, row.kind === 'pending' ? this.stores.holds.state(row.id) : null),
      tax: tax === undefined ? null : toTransfer(tax, null),
    };
  }

  private repeatOf(existing: JournalRow, request: TransferRequest): TransferResult {
    const field = firstDifference(existing, request);
    if (field !== null) throw idempotencyConflict(request.id, field);
    return this.resultOf(existing);
  }
}
