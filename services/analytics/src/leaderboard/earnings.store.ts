import type { Database, Statement } from 'better-sqlite3';

/** What each member received per ISO week by the earning codes. */
export class EarningsStore {
  private readonly add: Statement;
  private readonly top: Statement;
  private readonly prune: Statement;

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

  addEarning(row: {
    communityId: string;
    weekMs: number;
    accountId: string;
    ownerId: string | null;
    amount: number;
  }): void {
    this.add.run(row);
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
