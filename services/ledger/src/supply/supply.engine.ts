import { AMOUNT_MAX, DomainError, type Transfer } from '@ticketonomics/contracts';
import type { JournalWriter, NewEntry } from '../journal/journal.writer';
import type { JournalRow } from '../journal/journal.store';
import type { LedgerStores } from '../store/ledger.stores';
import { toTransfer } from '../transfers/transfer.mapper';
import { assertFunds, idempotencyConflict } from '../transfers/transfer.rules';

/** Supply never goes past this, so the issuance balance stays a safe integer. */
const SUPPLY_MAX = Number.MAX_SAFE_INTEGER - AMOUNT_MAX;

/**
 * Minting and burning: the only moves of a community's issuance account. Every method is synchronous
 * and runs inside a transaction of the commit queue.
 */
export class SupplyEngine {
  constructor(
    private readonly stores: LedgerStores,
    private readonly writer: JournalWriter,
  ) {}

  mint(request: { id: string; accountId: string; amount: number; memo: string }): Transfer {
    const existing = this.stores.journal.findById(request.id);
    const credit = this.writer.accounts.named(request.accountId, 'accountId');
    const issuance = this.writer.accounts.issuanceBeside(credit);
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
    const row = this.writer.write(
      this.supplyEntry(request, 'mint', issuance.id, credit.id, credit.communityId),
      [-request.amount, 0, 0],
      [request.amount, 0, 0],
    );
    return toTransfer(row, null);
  }

  burn(request: { id: string; accountId: string; amount: number; memo: string }): Transfer {
    const existing = this.stores.journal.findById(request.id);
    const debit = this.writer.accounts.named(request.accountId, 'accountId');
    const issuance = this.writer.accounts.issuanceBeside(debit);
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
    const row = this.writer.write(
      this.supplyEntry(request, 'burn', debit.id, issuance.id, debit.communityId),
      [-request.amount, 0, 0],
      [request.amount, 0, 0],
    );
    return toTransfer(row, null);
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
}
