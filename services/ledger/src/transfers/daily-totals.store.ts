import type { Database, Statement } from 'better-sqlite3';

export interface DailyTotals {
  /** Sent in member payments that day, tax included. */
  sent: number;
  /** Received in member payments that day. */
  received: number;
}

/** Each member's member-payment totals per UTC day: one row per account and day, O(1) to read and add to. */
export class DailyTotalsStore {
  private readonly selectOne: Statement;
  private readonly upsert: Statement;
  private readonly deleteBefore: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(
      'SELECT sent, received FROM daily_payment_totals WHERE account_id = ? AND day = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO daily_payment_totals (account_id, day, sent, received) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, day) DO UPDATE SET sent = sent + excluded.sent, received = received + excluded.received`,
    );
    this.deleteBefore = db.prepare(
      `DELETE FROM daily_payment_totals WHERE (account_id, day) IN
         (SELECT account_id, day FROM daily_payment_totals WHERE day < ? LIMIT ?)`,
    );
  }

  /** The account's totals on a day ('YYYY-MM-DD', UTC); zero when it made no member payment that day. */
  get(accountId: string, day: string): DailyTotals {
    return (this.selectOne.get(accountId, day) as DailyTotals | undefined) ?? { sent: 0, received: 0 };
  }

  add(accountId: string, day: string, sent: number, received: number): void {
    this.upsert.run(accountId, day, sent, received);
  }

  /** Forget at most `limit` rows of days before `day`; returns how many went. */
  deleteDaysBefore(day: string, limit: number): number {
    return this.deleteBefore.run(day, limit).changes;
  }
}
