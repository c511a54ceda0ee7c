import type { Database, Statement } from 'better-sqlite3';

export type ActivityGrain = 'hour' | 'day';

/** Which members were active in which hour and UTC day, kept for the hourly window only. */
export class ActivityStore {
  private readonly mark: Record<ActivityGrain, Statement>;
  private readonly prune: Record<ActivityGrain, Statement>;
  private readonly countDays: Statement;

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
    return this.mark[grain].run(communityId, startMs, accountId).changes === 1;
  }

  /** Distinct members active on the UTC days starting in [fromDayMs, toDayMs]. */
  activeOnDays(communityId: string, fromDayMs: number, toDayMs: number): number {
    return this.countDays.get(communityId, fromDayMs, toDayMs) as number;
  }

  pruneBefore(grain: ActivityGrain, cutoffMs: number): void {
    this.prune[grain].run(cutoffMs);
  }
}
