import type { Database, Statement } from 'better-sqlite3';
import { DomainError } from '@ticketonomics/contracts';
import type { AccountRow } from './account.mapper';

const COLUMNS = `id, community_id AS communityId, kind, owner_id AS ownerId, frozen, balance,
  pending_debits AS pendingDebits, pending_credits AS pendingCredits, created_at AS createdAt`;

/** The accounts table's CHECK constraints, applied to amounts kept in memory before they reach it. */
function assertAmountsValid(row: AccountRow): void {
  if (
    row.pendingDebits < 0 ||
    row.pendingCredits < 0 ||
    (row.kind !== 'issuance' && row.balance - row.pendingDebits < 0)
  ) {
    // Not a DomainError: the engine checks funds first, so this is a bug, and it aborts the item's
    // savepoint or the whole group exactly as the table's CHECK constraint would.
    throw new Error(
      `CHECK constraint failed: account ${row.id} would hold balance ${row.balance}, pending debits ${row.pendingDebits}, pending credits ${row.pendingCredits}`,
    );
  }
}

/**
 * Synchronous account reads and writes for use inside the ledger's commit transactions.
 *
 * Inside LedgerStores.isolated(), rows read or changed are kept in memory, and amount changes are
 * written back once per account by flush() rather than by an UPDATE per transfer: a group of 1000
 * transfers among 32 accounts makes 32 UPDATEs, not 2000 UPDATE ... RETURNING plus 2000 SELECTs.
 * isolated() flushes before each savepoint and before COMMIT, and forgets the rows after COMMIT or any
 * rollback, so SQL that reads the accounts table in an item with a savepoint (journal.verify, for one)
 * sees current amounts. Outside isolated() nothing is kept: every read goes to the table.
 */
export class AccountsStore {
  private readonly selectOne: Statement;
  private readonly insertOne: Statement;
  private readonly updateAmounts: Statement;
  private readonly updateFrozen: Statement;
  private readonly selectPage: Statement;
  private readonly selectAllAmounts: Statement;
  private readonly countOfCommunity: Statement;
  /** Rows read or changed in the open transaction, as they now stand (possibly ahead of the table). */
  private readonly rows = new Map<string, AccountRow>();
  /** Ids in `rows` whose amounts the table does not have yet. */
  private readonly unwritten = new Set<string>();
  /** True between keepRows() and forget(): inside a transaction of LedgerStores.isolated(). */
  private keeping = false;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);
    this.insertOne = db.prepare(
      `INSERT INTO accounts (id, community_id, kind, owner_id, frozen, balance, pending_debits, pending_credits, created_at)
       VALUES (@id, @communityId, @kind, @ownerId, 0, 0, 0, 0, @createdAt)`,
    );
    this.updateAmounts = db.prepare(
      'UPDATE accounts SET balance = ?, pending_debits = ?, pending_credits = ? WHERE id = ?',
    );
    this.updateFrozen = db.prepare(`UPDATE accounts SET frozen = ? WHERE id = ? RETURNING ${COLUMNS}`);
    this.selectPage = db.prepare(
      `SELECT ${COLUMNS} FROM accounts
       WHERE community_id = @communityId AND (@kind IS NULL OR kind = @kind) AND (@after IS NULL OR id > @after)
       ORDER BY id LIMIT @limit`,
    );
    this.selectAllAmounts = db.prepare(
      `SELECT id, community_id AS communityId, balance, pending_debits AS pendingDebits, pending_credits AS pendingCredits FROM accounts`,
    );
    this.countOfCommunity = db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE community_id = ?');
  }

  find(id: string): AccountRow | undefined {
    const cached = this.rows.get(id);
    if (cached !== undefined) return cached;
    const row = this.selectOne.get(id) as AccountRow | undefined;
    if (row !== undefined && this.keeping) this.rows.set(id, row);
    return row;
  }

  require(id: string, field = 'accountId'): AccountRow {
    const row = this.find(id);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `${field}: no account ${id}; open it first with tk.cmd.ledger.account.open`,
        {
          field,
          accountId: id,
        },
      );
    }
    return row;
  }

  /**
   * A community's accounts in id order, after the id `after` when given. Reads the table: callers page
   * outside isolated(), where no amounts are kept in memory.
   */
  page(query: { communityId: string; kind?: string; after?: string; limit: number }): AccountRow[] {
    return this.selectPage.all({
      communityId: query.communityId,
      kind: query.kind ?? null,
      after: query.after ?? null,
      limit: query.limit,
    }) as AccountRow[];
  }

  /**
   * Every account's amounts as the table has them, for journal.verify: it runs as an item of the commit
   * queue, in a savepoint, which isolated() flushes the kept amounts before.
   */
  storedAmounts(): Pick<AccountRow, 'id' | 'communityId' | 'balance' | 'pendingDebits' | 'pendingCredits'>[] {
    return this.selectAllAmounts.all() as Pick<
      AccountRow,
      'id' | 'communityId' | 'balance' | 'pendingDebits' | 'pendingCredits'
    >[];
  }

  /** How many accounts a community has. */
  countOf(communityId: string): number {
    return (this.countOfCommunity.get(communityId) as { n: number }).n;
  }

  insert(row: Pick<AccountRow, 'id' | 'communityId' | 'kind' | 'ownerId' | 'createdAt'>): AccountRow {
    this.insertOne.run(row);
    return this.require(row.id);
  }

  /**
   * Add to an account's posted balance and pending amounts; returns the row as it now stands. Inside
   * isolated() the table gets the new amounts at the next flush(); outside it (tests driving the engine
   * directly) at once. Rows are replaced, never changed in place, so a row handed out earlier keeps
   * describing the moment it was read.
   */
  apply(
    id: string,
    balanceDelta: number,
    pendingDebitsDelta: number,
    pendingCreditsDelta: number,
  ): AccountRow {
    const row = this.find(id);
    if (row === undefined) throw new Error(`apply(): no account ${id}`);
    const next: AccountRow = {
      ...row,
      balance: row.balance + balanceDelta,
      pendingDebits: row.pendingDebits + pendingDebitsDelta,
      pendingCredits: row.pendingCredits + pendingCreditsDelta,
    };
    assertAmountsValid(next);
    if (!this.keeping) {
      this.write(next);
      return next;
    }
    this.rows.set(id, next);
    this.unwritten.add(id);
    return next;
  }

  setFrozen(id: string, frozen: boolean): AccountRow {
    // The UPDATE returns the table's amounts, so they must be current first.
    this.flush();
    const row = this.updateFrozen.get(frozen ? 1 : 0, id) as AccountRow;
    if (this.keeping) this.rows.set(id, row);
    return row;
  }

  /** Write the amounts changed since the last flush, one UPDATE per account. */
  flush(): void {
    for (const id of this.unwritten) this.write(this.rows.get(id)!);
    this.unwritten.clear();
  }

  private write(row: AccountRow): void {
    this.updateAmounts.run(row.balance, row.pendingDebits, row.pendingCredits, row.id);
  }

  /** Start keeping rows in memory: called by LedgerStores.isolated() once its transaction began. */
  keepRows(): void {
    this.keeping = true;
  }

  /**
   * Drop every kept row, written or not: after a rollback undid them, or (with `stop`) after COMMIT,
   * from when on reads go to the table again.
   */
  forget(stop = false): void {
    this.rows.clear();
    this.unwritten.clear();
    if (stop) this.keeping = false;
  }
}
