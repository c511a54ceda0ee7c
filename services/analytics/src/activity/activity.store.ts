import type { Database, Statement } from 'better-sqlite3';
import type { WriteBehind } from '../store/write-behind';

export type ActivityGrain = 'hour' | 'day';

/**
 * Which members were active in which hour and UTC day, kept for the hourly window only. A mark is written
 * at once (whether it is new depends on the stored rows), and only the first time in a batch: a member
 * marked already in this batch is not new.
 */
export class ActivityStore implements WriteBehind {
  private readonly mark: Record<ActivityGrain, Statement>;
  private readonly prune: Record<ActivityGrain, Statement>;
  private readonly countDays: Statement;
  private readonly markedInBatch: Record<ActivityGrain, Set<string>> = { hour: new Set(), day: new Set() };

  constructor(db: Database) {
    const table = { hour: 'activity_hours', day: 'activity_days' } as const;
    const markIn = (grain: ActivityGrain) =>
      db.prepare(
        `INSERT INTO ${table[grain]} (community_id, start_ms, account_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
      );
    const pruneIn = (grain: ActivityGrain) => db.prepare(`DELETE FROM ${table[grain]} WHERE start_ms < ?`);
    this.mark = { hour: markIn('hour'), day: markIn('day') };
    this.prune = { hour: pruneIn('hour'), day: pruneIn('day') };
    this.countDays = db
      .prepare(
        `SELECT COUNT(DISTINCT account_id) FROM activity_days
         WHERE community_id = ? AND start_ms BETWEEN ? AND ?`,
      )
      .pluck();
  }

  /** Record the member active in the bucket; true when that is new. */
  markActive(grain: ActivityGrain, communityId: string, startMs: number, accountId: string): boolean {
    const marked = this.markedInBatch[grain];
    const key = `${communityId}\u0000${startMs}\u0000${accountId}`;
    if (marked.has(key)) return false;
    marked.add(key);
    return this.mark[grain].run(communityId, startMs, accountId).changes === 1;
  }

  /** The marks are written already: only the batch's memory of them goes. */
  flush(): void {
    this.discard();
  }

  discard(): void {
    this.markedInBatch.hour.clear();
    this.markedInBatch.day.clear();
  }

  /** Distinct members active on the UTC days starting in [fromDayMs, toDayMs]. */
  activeOnDays(communityId: string, fromDayMs: number, toDayMs: number): number {
    return this.countDays.get(communityId, fromDayMs, toDayMs) as number;
  }

  pruneBefore(grain: ActivityGrain, cutoffMs: number): void {
    this.prune[grain].run(cutoffMs);
  }
}
