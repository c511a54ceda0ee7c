import type { PendingState } from '@ticketonomics/contracts';
import type { AccountRow } from '../accounts/account.mapper';
import { AccountOpener } from '../accounts/account.opener';
import type { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import type { LedgerStores } from '../store/ledger.stores';
import type { HashedEntry } from './journal-hash';
import type { JournalRow } from './journal.store';

/** Journal fields a write supplies; seq, balances after and hashes are filled in by write(). */
export type NewEntry = Omit<HashedEntry, 'seq' | 'debitBalanceAfter' | 'creditBalanceAfter' | 'createdAt'>;

/** [posted balance, pending debits, pending credits] added to an account by one journal row. */
export type Delta = readonly [number, number, number];

/**
 * The one way money moves in the ledger. Payments, holds, supply and reversals decide what to write;
 * this writes it: both accounts' amounts, the hash-chained journal row with the balances after it, and
 * its event, together inside the commit queue's transaction. It also holds the ledger's clock, so every
 * capability reads the same time (tests inject it).
 */
export class JournalWriter {
  /** How engines read the accounts a movement names, and how a member's account opens on first use. */
  readonly accounts: AccountOpener;

  constructor(
    private readonly stores: LedgerStores,
    private readonly events: LedgerEventsEmitter,
    readonly now: () => number = Date.now,
  ) {
    this.accounts = new AccountOpener(stores, events);
  }

  /**
   * Open a member's account named for the first time (see AccountOpener), apply both accounts' deltas,
   * append the journal row with the balances after it, emit its event.
   */
  write(
    entry: NewEntry,
    debitDelta: Delta,
    creditDelta: Delta,
    pendingState: PendingState | null = null,
  ): JournalRow {
    this.accounts.openOnFirstUse(entry.debitAccountId, this.now());
    this.accounts.openOnFirstUse(entry.creditAccountId, this.now());
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
