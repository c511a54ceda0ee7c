import type { Database, Statement } from 'better-sqlite3';
import { OutboxStore } from '@ticketonomics/messaging';
import { AccountsStore } from '../accounts/accounts.store';
import { JournalStore } from '../journal/journal.store';
import { PolicyStore } from '../policy/policy.store';
import { HoldsStore } from '../transfers/holds.store';

/**
 * Page cache of the read connection. Its reads are point look-ups and the outbox's newest rows; the OS
 * caches the file anyway, and SQLite's default (16 MB here) per connection would count twice in the RSS.
 */
const READ_CACHE_KIB = 2_048;

/**
 * Reads on the main thread, over the TypeORM connection, while the writer thread owns the one connection
 * that writes. WAL lets a reader see the last committed state without waiting for the writer, and a reply
 * is sent only after its commit, so a client reads its own writes. The connection is set query_only: two
 * writing connections in one process would deadlock (better-sqlite3 busy-waits), so a write from here
 * must fail at once instead.
 */
export class LedgerReads {
  readonly accounts: AccountsStore;
  readonly journal: JournalStore;
  readonly holds: HoldsStore;
  readonly policies: PolicyStore;
  readonly outbox: OutboxStore;
  private readonly countAccounts: Statement;
  private readonly countTransfers: Statement;

  constructor(readonly db: Database) {
    db.pragma('query_only = ON');
    db.pragma(`cache_size = -${READ_CACHE_KIB}`);
    this.accounts = new AccountsStore(db);
    this.journal = new JournalStore(db);
    this.holds = new HoldsStore(db);
    this.policies = new PolicyStore(db, false);
    this.outbox = new OutboxStore(db);
    this.countAccounts = db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE community_id = ?');
    this.countTransfers = db.prepare('SELECT COUNT(*) AS n FROM transfers WHERE community_id = ?');
  }

  counts(communityId: string): { accounts: number; transfers: number } {
    return {
      accounts: (this.countAccounts.get(communityId) as { n: number }).n,
      transfers: (this.countTransfers.get(communityId) as { n: number }).n,
    };
  }
}
