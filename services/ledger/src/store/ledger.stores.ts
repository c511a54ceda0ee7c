import type { Database } from 'better-sqlite3';
import { OutboxStore } from '@ticketonomics/messaging';
import { AccountsStore } from '../accounts/accounts.store';
import { JournalStore } from '../journal/journal.store';
import { PolicyStore } from '../policy/policy.store';
import { HoldsStore } from '../transfers/holds.store';

/** Every synchronous store over the ledger's one SQLite connection, shared by the write paths. */
export class LedgerStores {
  readonly accounts: AccountsStore;
  readonly journal: JournalStore;
  readonly holds: HoldsStore;
  readonly policies: PolicyStore;
  readonly outbox: OutboxStore;

  constructor(readonly db: Database) {
    this.accounts = new AccountsStore(db);
    this.journal = new JournalStore(db);
    this.holds = new HoldsStore(db);
    this.policies = new PolicyStore(db);
    this.outbox = new OutboxStore(db);
  }

  /**
   * Run `work` in a transaction, or in a savepoint when already inside one, so a failure undoes exactly
   * its own writes. The in-memory journal head and policy cache are rolled back with it.
   */
  isolated<T>(work: () => T): T {
    const head = this.journal.snapshot();
    try {
      return this.db.transaction(work)();
    } catch (error) {
      this.journal.restore(head);
      this.policies.clearCache();
      throw error;
    }
  }
}
