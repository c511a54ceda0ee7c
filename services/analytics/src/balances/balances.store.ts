import type { AccountKind, AnalyticsBalance } from '@ticketonomics/contracts';
import type { Database, Statement } from 'better-sqlite3';
import type { WriteBehind } from '../store/write-behind';

export interface AccountRow {
  accountId: string;
  communityId: string;
  kind: AccountKind;
  ownerId: string | null;
  balance: number;
}

/**
 * An account's newest snapshot in the batch: its balance and seq, and the other columns of the first one
 * (a row is inserted with those, and a newer snapshot moves only the balance).
 */
interface PendingSnapshot {
  row: AccountRow;
  balance: number;
  seq: number;
  /** The stored balance and its seq, read when balanceOf first needs them (null: no row stored). */
  stored?: { balance: number; seq: number } | null;
}

/**
 * Every ledger account the stream has named, with its balance after the newest journal row seen. A batch's
 * snapshots are kept per account (the newest seq wins, as the stored seq guard decides) and each account
 * written once when the batch ends.
 */
export class BalancesStore implements WriteBehind {
  private readonly upsertSnapshot: Statement;
  private readonly selectBalance: Statement;
  private readonly selectStored: Statement;
  private readonly sumKind: Statement;
  private readonly countKind: Statement;
  private readonly userBalances: Statement;
  private readonly topUsers: Statement;
  private readonly pageFirst: Statement;
  private readonly pageAfter: Statement;

  private readonly pending = new Map<string, PendingSnapshot>();

  constructor(db: Database) {
    // The seq guard keeps the newest snapshot whatever order two events are applied in.
    this.upsertSnapshot = db.prepare(
      `INSERT INTO accounts (account_id, community_id, kind, owner_id, balance, balance_seq)
       VALUES (@accountId, @communityId, @kind, @ownerId, @balance, @seq)
       ON CONFLICT (account_id) DO UPDATE SET balance = excluded.balance, balance_seq = excluded.balance_seq
       WHERE excluded.balance_seq > accounts.balance_seq`,
    );
    this.selectBalance = db.prepare('SELECT balance FROM accounts WHERE account_id = ?').pluck();
    this.selectStored = db.prepare('SELECT balance, balance_seq AS seq FROM accounts WHERE account_id = ?');
    this.sumKind = db
      .prepare('SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE community_id = ? AND kind = ?')
      .pluck();
    this.countKind = db.prepare('SELECT COUNT(*) FROM accounts WHERE community_id = ? AND kind = ?').pluck();
    this.userBalances = db
      .prepare(`SELECT balance FROM accounts WHERE community_id = ? AND kind = 'user' ORDER BY balance`)
      .pluck();
    this.topUsers = db.prepare(
      `SELECT account_id AS accountId, owner_id AS ownerId, balance AS value FROM accounts
       WHERE community_id = ? AND kind = 'user' ORDER BY balance DESC, account_id LIMIT ?`,
    );
    const columns = 'account_id AS accountId, kind, owner_id AS ownerId, balance';
    this.pageFirst = db.prepare(
      `SELECT ${columns} FROM accounts WHERE community_id = ? ORDER BY account_id LIMIT ?`,
    );
    this.pageAfter = db.prepare(
      `SELECT ${columns} FROM accounts WHERE community_id = ? AND account_id > ? ORDER BY account_id LIMIT ?`,
    );
  }

  /**
   * An account.opened: its opening balance, unless a transfer already gave a newer one. That is a snapshot
   * at seq 0: journal seqs start at 1, so any row's snapshot is newer, and an account already stored stays.
   */
  opened(row: AccountRow): void {
    this.snapshot(row, 0);
  }

  /** The balance a journal row with this seq left the account at (written when the batch ends). */
  snapshot(row: AccountRow, seq: number): void {
    const pending = this.pending.get(row.accountId);
    if (pending === undefined) {
      this.pending.set(row.accountId, { row, balance: row.balance, seq });
    } else if (seq > pending.seq) {
      pending.balance = row.balance;
      pending.seq = seq;
    }
  }

  /** The balance after the newest snapshot, stored or pending in this batch. */
  balanceOf(accountId: string): number {
    const pending = this.pending.get(accountId);
    if (pending === undefined) return (this.selectBalance.get(accountId) as number | undefined) ?? 0;
    if (pending.stored === undefined) {
      pending.stored = (this.selectStored.get(accountId) as PendingSnapshot['stored']) ?? null;
    }
    return pending.stored !== null && pending.stored.seq >= pending.seq
      ? pending.stored.balance
      : pending.balance;
  }

  flush(): void {
    for (const { row, balance, seq } of this.pending.values()) {
      this.upsertSnapshot.run({ ...row, balance, seq });
    }
    this.pending.clear();
  }

  discard(): void {
    this.pending.clear();
  }

  sumOf(communityId: string, kind: AccountKind): number {
    return this.sumKind.get(communityId, kind) as number;
  }

  countOf(communityId: string, kind: AccountKind): number {
    return this.countKind.get(communityId, kind) as number;
  }

  /** Every member's balance, smallest first: one index scan, fine up to a few hundred thousand members. */
  userBalancesAscending(communityId: string): number[] {
    return this.userBalances.all(communityId) as number[];
  }

  topHolders(
    communityId: string,
    limit: number,
  ): { accountId: string; ownerId: string | null; value: number }[] {
    return this.topUsers.all(communityId, limit) as {
      accountId: string;
      ownerId: string | null;
      value: number;
    }[];
  }

  page(communityId: string, afterAccountId: string | null, limit: number): AnalyticsBalance[] {
    return (
      afterAccountId === null
        ? this.pageFirst.all(communityId, limit)
        : this.pageAfter.all(communityId, afterAccountId, limit)
    ) as AnalyticsBalance[];
  }
}
