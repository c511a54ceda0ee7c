import type { AccountKind, AnalyticsBalance } from '@ticketonomics/contracts';
import type { Database, Statement } from 'better-sqlite3';

export interface AccountRow {
  accountId: string;
  communityId: string;
  kind: AccountKind;
  ownerId: string | null;
  balance: number;
}

/** Every ledger account the stream has named, with its balance after the newest journal row seen. */
export class BalancesStore {
  private readonly insertOpened: Statement;
  private readonly upsertSnapshot: Statement;
  private readonly selectBalance: Statement;
  private readonly sumKind: Statement;
  private readonly countKind: Statement;
  private readonly userBalances: Statement;
  private readonly topUsers: Statement;
  private readonly pageFirst: Statement;
  private readonly pageAfter: Statement;

  constructor(db: Database) {
    this.insertOpened = db.prepare(
      `INSERT INTO accounts (account_id, community_id, kind, owner_id, balance, balance_seq)
       VALUES (@accountId, @communityId, @kind, @ownerId, @balance, 0) ON CONFLICT (account_id) DO NOTHING`,
    );
    // The seq guard keeps the newest snapshot whatever order two events are applied in.
    this.upsertSnapshot = db.prepare(
      `INSERT INTO accounts (account_id, community_id, kind, owner_id, balance, balance_seq)
       VALUES (@accountId, @communityId, @kind, @ownerId, @balance, @seq)
       ON CONFLICT (account_id) DO UPDATE SET balance = excluded.balance, balance_seq = excluded.balance_seq
       WHERE excluded.balance_seq > accounts.balance_seq`,
    );
    this.selectBalance = db.prepare('SELECT balance FROM accounts WHERE account_id = ?').pluck();
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

  /** An account.opened: its opening balance, unless a transfer already gave a newer one. */
  opened(row: AccountRow): void {
    this.insertOpened.run(row);
  }

  /** The balance a journal row with this seq left the account at. */
  snapshot(row: AccountRow, seq: number): void {
    this.upsertSnapshot.run({ ...row, seq });
  }

  balanceOf(accountId: string): number {
    return (this.selectBalance.get(accountId) as number | undefined) ?? 0;
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
