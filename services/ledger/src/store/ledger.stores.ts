import type { Database, Statement } from 'better-sqlite3';
import { OutboxStore, type PublishRow } from '@ticketonomics/messaging';
import type { RowChangeCapture } from '@ticketonomics/persistence';
import { strict as assert } from 'node:assert';
import { AccountsStore } from '../accounts/accounts.store';
import { JournalStore, type JournalHead } from '../journal/journal.store';
import { EmissionStore } from '../emission/emission.store';
import { EventsCursorStore } from '../events/events-cursor.store';
import { GroupEventsBuffer } from '../events/group-events.buffer';
import { MembersStore } from '../members/members.store';
import { PolicyStore } from '../policy/policy.store';
import { DailyTotalsStore } from '../transfers/daily-totals.store';
import { HoldsStore } from '../transfers/holds.store';

interface Scope {
  begin: Statement;
  commit: Statement;
  rollback: Statement[];
}

/** Deepest nesting of isolated(): group commit, then a request, then an item of a batch. */
const NESTING_MAX = 8;

/** Every synchronous store over the ledger's one SQLite connection, shared by the write paths. */
export class LedgerStores {
  readonly accounts: AccountsStore;
  readonly journal: JournalStore;
  readonly holds: HoldsStore;
  readonly policies: PolicyStore;
  readonly dailyTotals: DailyTotalsStore;
  readonly members: MembersStore;
  readonly emission: EmissionStore;
  /** Rows of the outbox events went through before the journal carried them; drained at start-up. */
  readonly outbox: OutboxStore;
  /** Events raised by the open transaction's writes, undone with them. */
  readonly events = new GroupEventsBuffer();
  readonly eventsCursor: EventsCursorStore;
  private readonly scopes: Scope[] = [];
  private depth = 0;
  private capture: RowChangeCapture | null = null;

  /**
   * `assertWritable` runs first in every outermost transaction: a partition's fence, which throws once
   * another replica took the partition over, so nothing is written after that.
   */
  constructor(
    readonly db: Database,
    private readonly assertWritable: () => void = () => undefined,
  ) {
    this.accounts = new AccountsStore(db);
    this.journal = new JournalStore(db);
    this.holds = new HoldsStore(db);
    this.policies = new PolicyStore(db);
    this.dailyTotals = new DailyTotalsStore(db);
    this.members = new MembersStore(db);
    this.emission = new EmissionStore(db);
    this.outbox = new OutboxStore(db);
    this.eventsCursor = new EventsCursorStore(db);
    // Prepared once: better-sqlite3's db.transaction() builds its wrapper on every call, which costs
    // more than the savepoint itself on the hot path.
    this.scopes.push({
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: [db.prepare('ROLLBACK')],
    });
    for (let depth = 1; depth < NESTING_MAX; depth += 1) {
      this.scopes.push({
        begin: db.prepare(`SAVEPOINT s${depth}`),
        commit: db.prepare(`RELEASE s${depth}`),
        rollback: [db.prepare(`ROLLBACK TO s${depth}`), db.prepare(`RELEASE s${depth}`)],
      });
    }
  }

  /**
   * Run `work` in a transaction, or in a savepoint when already inside one, so a failure undoes exactly
   * its own writes. The in-memory journal head, policy cache and kept account rows are rolled back with it.
   */
  isolated<T>(work: () => T): T {
    const scope = this.scopes[this.depth];
    assert(scope !== undefined, `isolated() nested deeper than ${NESTING_MAX}`);
    assert(this.depth > 0 || !this.db.inTransaction, 'a transaction is already open outside isolated()');
    const head = this.journal.snapshot();
    const eventsMark = this.events.length;
    const outermost = this.depth === 0;
    // Balances kept in memory go to the table before a savepoint, so the savepoint holds exactly its own
    // changes and rolling it back can simply forget every kept row.
    if (!outermost) this.accounts.flush();
    scope.begin.run();
    if (outermost) this.accounts.keepRows();
    this.depth += 1;
    let result: T;
    try {
      if (outermost) this.assertWritable();
      result = work();
      assert(!(result instanceof Promise), 'isolated() work must be synchronous');
    } catch (error) {
      this.depth -= 1;
      this.undo(scope, head, eventsMark);
      throw error;
    }
    this.depth -= 1;
    try {
      // Each account changed in the transaction is written once, here, rather than once per transfer.
      if (outermost) this.accounts.flush();
      scope.commit.run();
    } catch (error) {
      this.undo(scope, head, eventsMark);
      throw error;
    }
    if (outermost) this.accounts.forget(true);
    return result;
  }

  /** From now on every change on this connection is caught for the partition's replicated journal. */
  catchChanges(capture: RowChangeCapture): void {
    this.capture = capture;
  }

  /** Rows changed so far in the open transaction and not yet handed to the journal. */
  get caughtRows(): number {
    return this.capture?.pending ?? 0;
  }

  /**
   * A commit group's transaction, replicated: `work` runs as in isolated(), then the rows it changed and the
   * events it raised go to `append` (the replicated journal) while the transaction is still open, and only
   * once they are stored there does it commit. A failed append rolls everything back: what is acknowledged is in the journal,
   * and the file never holds a group the journal lacks. Nothing else may write meanwhile (the commit queue
   * runs one group at a time).
   */
  async isolatedReplicated<T>(
    work: () => T,
    append: (changesJson: string, events: PublishRow[]) => Promise<void>,
  ): Promise<T> {
    assert(this.depth === 0 && !this.db.inTransaction, 'a replicated group runs outside any transaction');
    const scope = this.scopes[0]!;
    const head = this.journal.snapshot();
    const eventsMark = this.events.length;
    // Checked once before taking the file's write lock too: on a shared volume the new owner holds that
    // lock across its own journal appends, and a replica that lost the partition must not queue behind it.
    this.assertWritable();
    scope.begin.run();
    this.accounts.keepRows();
    this.depth = 1;
    let result: T;
    try {
      this.assertWritable();
      result = work();
      assert(!(result instanceof Promise), 'isolatedReplicated() work must be synchronous');
    } catch (error) {
      this.depth = 0;
      this.undo(scope, head, eventsMark);
      throw error;
    }
    this.depth = 0;
    try {
      this.accounts.flush();
      const drained = this.capture?.drain() ?? null;
      const events = this.events.take();
      assert(drained !== null || events.length === 0, 'a group raised events but changed no row');
      if (drained !== null) await append(drained.json, events);
      scope.commit.run();
    } catch (error) {
      this.undo(scope, head, 0);
      throw error;
    }
    this.accounts.forget(true);
    return result;
  }

  /**
   * After the file was brought up to the journal behind the stores' backs (a failed append resolved by
   * catching up): the journal head and cached policies are read again.
   */
  reloadFromFile(): void {
    assert(!this.db.inTransaction, 'reloading inside a transaction');
    // What catching up wrote is the journal's already: it must not go out again with the next group.
    this.capture?.drain();
    this.events.take();
    this.journal.reloadHead();
    this.policies.clearCache();
    this.accounts.forget(true);
  }

  private undo(scope: Scope, head: JournalHead, eventsMark: number): void {
    // A failed COMMIT may already have rolled back; then there is nothing left to undo in SQLite.
    if (this.db.inTransaction) for (const statement of scope.rollback) statement.run();
    this.journal.restore(head);
    this.events.truncate(eventsMark);
    this.policies.clearCache();
    // Rows kept since the savepoint (or transaction) began are undone with it; earlier ones were
    // flushed before it, so forgetting all of them loses nothing.
    this.accounts.forget(this.depth === 0);
  }
}
