import type { Database, Statement } from 'better-sqlite3';
import type { WriteBehind } from '../store/write-behind';

export interface Earning {
  communityId: string;
  weekMs: number;
  accountId: string;
  ownerId: string | null;
  amount: number;
}

/**
 * What each member received per ISO week by the earning codes. A batch's earnings are added up per member
 * and week and each written once when the batch ends.
 */
export class EarningsStore implements WriteBehind {
  private readonly add: Statement;
  private readonly top: Statement;
  private readonly prune: Statement;
  /** The owner is the first earning's, as a stored row keeps the owner it was inserted with. */
  private readonly pending = new Map<string, Earning>();

  constructor(db: Database) {
    this.add = db.prepare(
      `INSERT INTO earnings_weeks (community_id, start_ms, account_id, owner_id, amount)
       VALUES (@communityId, @weekMs, @accountId, @ownerId, @amount)
       ON CONFLICT (community_id, start_ms, account_id) DO UPDATE SET amount = amount + excluded.amount`,
    );
    this.top = db.prepare(
      `SELECT account_id AS accountId, owner_id AS ownerId, amount AS value FROM earnings_weeks
       WHERE community_id = ? AND start_ms = ? ORDER BY amount DESC, account_id LIMIT ?`,
    );
    this.prune = db.prepare('DELETE FROM earnings_weeks WHERE start_ms < ?');
  }

  addEarning(row: Earning): void {
    const key = `${row.communityId}\u0000${row.weekMs}\u0000${row.accountId}`;
    const pending = this.pending.get(key);
    if (pending === undefined) this.pending.set(key, { ...row });
    else pending.amount += row.amount;
  }

  flush(): void {
    for (const row of this.pending.values()) this.add.run(row);
    this.pending.clear();
  }

  discard(): void {
    this.pending.clear();
  }

  topEarners(
    communityId: string,
    weekMs: number,
    limit: number,
  ): { accountId: string; ownerId: string | null; value: number }[] {
    return this.top.all(communityId, weekMs, limit) as {
      accountId: string;
      ownerId: string | null;
      value: number;
    }[];
  }

  pruneBefore(weekMs: number): void {
    this.prune.run(weekMs);
  }
}
