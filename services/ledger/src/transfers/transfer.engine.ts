import {
  AMOUNT_MAX,
  DomainError,
  isDomainError,
  type PendingState,
  type Transfer,
  type TransferRequest,
  type TransferResult,
} from '@ticketonomics/contracts';
import { issuanceAccountId, treasuryAccountId } from '../accounts/account-id';
import type { AccountRow } from '../accounts/account.mapper';
import type { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import type { HashedEntry } from '../journal/journal-hash';
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

/** Journal fields a write supplies; seq, balances after and hashes are filled in by write(). */
type NewEntry = Omit<HashedEntry, 'seq' | 'debitBalanceAfter' | 'creditBalanceAfter' | 'createdAt'>;

/** [posted balance, pending debits, pending credits] added to an account by one journal row. */
type Delta = readonly [number, number, number];

/** Supply never goes past this, so the issuance balance stays a safe integer. */
const SUPPLY_MAX = Number.MAX_SAFE_INTEGER - AMOUNT_MAX;

/**
 * The ledger's money rules. Every method is synchronous and runs inside a transaction of the commit
 * queue: it reads, checks, then writes journal rows, balances, hold states and outbox events together.
 * Derived rows use ids with '/', which client ids cannot contain: `<id>/tax`, `<hold>/post`, `<hold>/void`,
 * `<hold>/expire`.
 */
export class TransferEngine {
  constructor(
    private readonly stores: LedgerStores,
    private readonly events: LedgerEventsEmitter,
    private readonly now: () => number = Date.now,
  ) {}

  create(request: TransferRequest, linkedTo: string | null = null): TransferResult {
    const existing = this.stores.journal.findById(request.id);
    if (existing !== undefined) return this.repeatOf(existing, request);

    if (request.debitAccountId === request.creditAccountId) {
      throw new DomainError('VALIDATION_FAILED', 'creditAccountId: must differ from debitAccountId', {
        field: 'creditAccountId',
      });
    }
    const { accounts, policies } = this.stores;
    const debit = accounts.require(request.debitAccountId, 'debitAccountId');
    const credit = accounts.require(request.creditAccountId, 'creditAccountId');
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
        const now = this.now();
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
      row = this.write(
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
      const expiresAt = this.now() + request.pending.timeoutMs;
      row = this.write(
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
      taxRow = this.write(
        {
          ...base,
          id: `${request.id}/tax`,
          kind: 'posted',
          creditAccountId: treasuryAccountId(debit.communityId),
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

  mint(request: { id: string; accountId: string; amount: number; memo: string }): Transfer {
    const existing = this.stores.journal.findById(request.id);
    const credit = this.stores.accounts.require(request.accountId);
    const issuance = this.stores.accounts.require(issuanceAccountId(credit.communityId));
    if (existing !== undefined) {
      this.assertSameSupplyChange(existing, 'mint', issuance.id, credit.id, request);
      return toTransfer(existing, null);
    }
    if (credit.kind === 'issuance') {
      throw new DomainError('FORBIDDEN', 'accountId: mint into a user, treasury or escrow account', {
        field: 'accountId',
      });
    }
    if (-issuance.balance + request.amount > SUPPLY_MAX) {
      throw new DomainError(
        'LIMIT_EXCEEDED',
        `amount: the supply would pass ${SUPPLY_MAX}; burn before minting more`,
        {
          field: 'amount',
        },
      );
    }
    const row = this.write(
      this.supplyEntry(request, 'mint', issuance.id, credit.id, credit.communityId),
      [-request.amount, 0, 0],
      [request.amount, 0, 0],
    );
    return toTransfer(row, null);
  }

  burn(request: { id: string; accountId: string; amount: number; memo: string }): Transfer {
    const existing = this.stores.journal.findById(request.id);
    const debit = this.stores.accounts.require(request.accountId);
    const issuance = this.stores.accounts.require(issuanceAccountId(debit.communityId));
    if (existing !== undefined) {
      this.assertSameSupplyChange(existing, 'burn', debit.id, issuance.id, request);
      return toTransfer(existing, null);
    }
    if (debit.kind === 'issuance') {
      throw new DomainError('FORBIDDEN', 'accountId: burn from a user, treasury or escrow account', {
        field: 'accountId',
      });
    }
    assertFunds(debit, request.amount, 'this burn');
    const row = this.write(
      this.supplyEntry(request, 'burn', debit.id, issuance.id, debit.communityId),
      [-request.amount, 0, 0],
      [request.amount, 0, 0],
    );
    return toTransfer(row, null);
  }

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
    const row = this.write(
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
    const due = this.stores.holds.due(this.now(), limit);
    for (const holdId of due) {
      const hold = this.stores.journal.findById(holdId);
      if (hold === undefined) throw new Error(`hold ${holdId} has no journal row`);
      this.release(hold, 'expired');
    }
    return due.length;
  }

  /**
   * Forget member-payment totals of days before yesterday (UTC), at most `limit` rows: caps only ever
   * read today's totals, and keeping yesterday leaves room for a clock that is slightly behind.
   */
  pruneDailyTotals(limit: number): number {
    const yesterday = utcDayOf(this.now() - 24 * 60 * 60 * 1000);
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

  private release(hold: JournalRow, state: 'voided' | 'expired'): JournalRow {
    this.stores.holds.settle(hold.id, state);
    const suffix = state === 'voided' ? 'void' : 'expire';
    return this.write(
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
    if (hold.expiresAt !== null && hold.expiresAt <= this.now()) throw this.notOpen(hold.id, 'expired');
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

  private reverseRow(original: JournalRow, id: string, memo: string, linkedTo: string | null): JournalRow {
    const debit = this.stores.accounts.require(original.creditAccountId);
    assertFunds(debit, original.amount, `reversing ${original.id}`);
    return this.write(
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

  private supplyEntry(
    request: { id: string; amount: number; memo: string },
    code: 'mint' | 'burn',
    debitAccountId: string,
    creditAccountId: string,
    communityId: string,
  ): NewEntry {
    return {
      id: request.id,
      kind: 'posted',
      communityId,
      debitAccountId,
      creditAccountId,
      amount: request.amount,
      code,
      memo: request.memo,
      pendingId: null,
      timeoutMs: null,
      expiresAt: null,
      reversesId: null,
      linkedTo: null,
    };
  }

  private assertSameSupplyChange(
    existing: JournalRow,
    code: 'mint' | 'burn',
    debitAccountId: string,
    creditAccountId: string,
    request: { id: string; amount: number; memo: string },
  ): void {
    const checks: [string, boolean][] = [
      ['code', existing.code === code],
      [
        'accountId',
        existing.debitAccountId === debitAccountId && existing.creditAccountId === creditAccountId,
      ],
      ['amount', existing.amount === request.amount],
      ['memo', existing.memo === request.memo],
    ];
    const differing = checks.find(([, same]) => !same);
    if (differing !== undefined) throw idempotencyConflict(request.id, differing[0]);
  }

  /** Apply both accounts' deltas, append the journal row with the balances after it, emit its event. */
  private write(
    entry: NewEntry,
    debitDelta: Delta,
    creditDelta: Delta,
    pendingState: PendingState | null = null,
  ): JournalRow {
    const debit: AccountRow = this.stores.accounts.apply(entry.debitAccountId, ...debitDelta);
    const credit: AccountRow = this.stores.accounts.apply(entry.creditAccountId, ...creditDelta);
    const row = this.stores.journal.append({
      ...entry,
      debitBalanceAfter: debit.balance,
      creditBalanceAfter: credit.balance,
      createdAt: this.now(),
    });
    this.events.transfer(row, debit, credit, pendingState);
    return row;
  }
}
