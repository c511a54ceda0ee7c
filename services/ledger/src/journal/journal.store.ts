import type { Database, Statement } from 'better-sqlite3';
import { GENESIS_HASH, hashEntry, type HashedEntry } from './journal-hash';

/** A journal row as stored, hash included. */
export interface JournalRow extends HashedEntry {
  prevHash: string;
  hash: string;
}

/** Which rows of a community's journal a page holds; every filter but the community is optional. */
export interface JournalPageQuery {
  communityId: string;
  /** Rows debiting or crediting this account. */
  accountId?: string;
  code?: string;
  fromMs?: number;
  /** Exclusive. */
  toMs?: number;
  /** Rows before this seq (exclusive): the last seq of the previous page. */
  beforeSeq?: number;
  limit: number;
}

export interface JournalHead {
  nextSeq: number;
  hash: string;
}

export const JOURNAL_COLUMNS = `seq, id, kind, community_id AS communityId, debit_account_id AS debitAccountId,
  credit_account_id AS creditAccountId, amount, code, memo, pending_id AS pendingId, timeout_ms AS timeoutMs,
  expires_at AS expiresAt, reverses_id AS reversesId, linked_to AS linkedTo,
  debit_balance_after AS debitBalanceAfter, credit_balance_after AS creditBalanceAfter, created_at AS createdAt,
  prev_hash AS prevHash, hash`;

/**
 * The append-only journal. The ledger is the file's only writer, so it keeps the chain's head in memory:
 * each append hashes over the previous hash and advances the head. Callers snapshot the head before a
 * transaction (or savepoint) and restore it if that rolls back.
 */
export class JournalStore {
  private head: JournalHead;
  private readonly insertOne: Statement;
  private readonly selectById: Statement;
  private readonly selectByPendingId: Statement;
  private readonly selectByReversesId: Statement;
  private readonly selectAfter: Statement;
  private readonly countOfCommunity: Statement;
  /** A page's SELECT for each combination of filters, prepared on first use (at most 32 of them). */
  private readonly pageStatements = new Map<string, Statement>();

  constructor(private readonly db: Database) {
    this.head = this.readHead();
    this.insertOne = db.prepare(
      `INSERT INTO transfers (seq, id, kind, community_id, debit_account_id, credit_account_id, amount, code, memo,
        pending_id, timeout_ms, expires_at, reverses_id, linked_to, debit_balance_after, credit_balance_after,
        created_at, prev_hash, hash)
       VALUES (@seq, @id, @kind, @communityId, @debitAccountId, @creditAccountId, @amount, @code, @memo,
        @pendingId, @timeoutMs, @expiresAt, @reversesId, @linkedTo, @debitBalanceAfter, @creditBalanceAfter,
        @createdAt, @prevHash, @hash)`,
    );
    this.selectById = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM transfers WHERE id = ?`);
    this.selectByPendingId = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM transfers WHERE pending_id = ?`);
    this.selectByReversesId = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM transfers WHERE reverses_id = ?`);
    this.selectAfter = db.prepare(
      `SELECT ${JOURNAL_COLUMNS} FROM transfers WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.countOfCommunity = db.prepare('SELECT COUNT(*) AS n FROM transfers WHERE community_id = ?');
  }

  /** Reads the head from the table again (after the file was caught up with the replicated journal). */
  reloadHead(): void {
    this.head = this.readHead();
  }

  private readHead(): JournalHead {
    const last = this.db.prepare('SELECT seq, hash FROM transfers ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    return last === undefined
      ? { nextSeq: 1, hash: GENESIS_HASH }
      : { nextSeq: last.seq + 1, hash: last.hash };
  }

  snapshot(): JournalHead {
    return { ...this.head };
  }

  restore(head: JournalHead): void {
    this.head = { ...head };
  }

  get headHash(): string {
    return this.head.hash;
  }

  append(entry: Omit<HashedEntry, 'seq'>): JournalRow {
    const seq = this.head.nextSeq;
    const prevHash = this.head.hash;
    const full: HashedEntry = { ...entry, seq };
    const hash = hashEntry(prevHash, full);
    const row: JournalRow = { ...full, prevHash, hash };
    this.insertOne.run(row);
    this.head = { nextSeq: seq + 1, hash };
    return row;
  }

  findById(id: string): JournalRow | undefined {
    return this.selectById.get(id) as JournalRow | undefined;
  }

  /** The post, void or expiry that settled a hold, if any. */
  findSettlement(pendingId: string): JournalRow | undefined {
    return this.selectByPendingId.get(pendingId) as JournalRow | undefined;
  }

  findReversal(transferId: string): JournalRow | undefined {
    return this.selectByReversesId.get(transferId) as JournalRow | undefined;
  }

  /** The rows after `seq` in journal order, at most `limit` of them: a chunk of a replay. */
  rowsAfter(seq: number, limit: number): JournalRow[] {
    return this.selectAfter.all(seq, limit) as JournalRow[];
  }

  /** How many rows a community's journal has. */
  countOf(communityId: string): number {
    return (this.countOfCommunity.get(communityId) as { n: number }).n;
  }

  /**
   * Newest first. Only the filters given reach the SQL, so SQLite can pick the index that fits them (an
   * account's rows by transfers_debit and transfers_credit rather than a scan of the whole community).
   */
  page(query: JournalPageQuery): JournalRow[] {
    const filters: [name: string, value: string | number | undefined, condition: string][] = [
      ['accountId', query.accountId, '(debit_account_id = @accountId OR credit_account_id = @accountId)'],
      ['code', query.code, 'code = @code'],
      ['fromMs', query.fromMs, 'created_at >= @fromMs'],
      ['toMs', query.toMs, 'created_at < @toMs'],
      ['beforeSeq', query.beforeSeq, 'seq < @beforeSeq'],
    ];
    const where = ['community_id = @communityId'];
    const params: Record<string, string | number> = { communityId: query.communityId, limit: query.limit };
    for (const [name, value, condition] of filters) {
      if (value === undefined) continue;
      where.push(condition);
      params[name] = value;
    }
    const sql = `SELECT ${JOURNAL_COLUMNS} FROM transfers WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`;
    let statement = this.pageStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.pageStatements.set(sql, statement);
    }
    return statement.all(params) as JournalRow[];
  }
}
