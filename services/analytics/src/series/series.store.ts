import type { SeriesBucket, SeriesMetric } from '@ticketonomics/contracts';
import type { Database, Statement } from 'better-sqlite3';
import type { WriteBehind } from '../store/write-behind';

export interface BucketChange {
  transfers: number;
  volume: number;
  velocityVolume: number;
  /** Supply after the change. */
  supply: number;
}

export interface WindowSums {
  transfers: number;
  volume: number;
  velocityVolume: number;
}

const TABLES: Record<SeriesBucket, string> = { hour: 'series_hours', day: 'series_days' };
const COLUMNS: Record<SeriesMetric, string> = {
  volume: 'volume',
  transfers: 'transfers',
  supply: 'supply',
  active: 'active',
};

/** A bucket's changes in the batch: sums to add, the supply after its last change, members newly active. */
interface PendingBucket extends BucketChange {
  communityId: string;
  startMs: number;
  active: number;
}

interface BucketStatements {
  add: Statement;
  addActive: Statement;
  sum: Statement;
  points: Record<SeriesMetric, Statement>;
}

/**
 * Per-community buckets of an hour and of a UTC day: transfers, volume, new active members, supply. A
 * batch's changes are added up per bucket and each bucket written once when the batch ends.
 */
export class SeriesStore implements WriteBehind {
  private readonly statements: Record<SeriesBucket, BucketStatements>;
  private readonly pruneHours: Statement;
  private readonly pending: Record<SeriesBucket, Map<string, PendingBucket>> = {
    hour: new Map(),
    day: new Map(),
  };

  constructor(db: Database) {
    const prepare = (bucket: SeriesBucket): BucketStatements => {
      const table = TABLES[bucket];
      const points = Object.fromEntries(
        Object.entries(COLUMNS).map(([metric, column]) => [
          metric,
          db.prepare(
            `SELECT start_ms AS startMs, ${column} AS value FROM ${table}
             WHERE community_id = ? AND start_ms BETWEEN ? AND ? ORDER BY start_ms DESC LIMIT ?`,
          ),
        ]),
      ) as Record<SeriesMetric, Statement>;
      return {
        add: db.prepare(
          `INSERT INTO ${table} (community_id, start_ms, transfers, volume, velocity_volume, supply, active)
           VALUES (@communityId, @startMs, @transfers, @volume, @velocityVolume, @supply, @active)
           ON CONFLICT (community_id, start_ms) DO UPDATE SET transfers = transfers + excluded.transfers,
             volume = volume + excluded.volume, velocity_volume = velocity_volume + excluded.velocity_volume,
             supply = excluded.supply, active = active + excluded.active`,
        ),
        addActive: db.prepare(
          `UPDATE ${table} SET active = active + 1 WHERE community_id = ? AND start_ms = ?`,
        ),
        sum: db.prepare(
          `SELECT COALESCE(SUM(transfers), 0) AS transfers, COALESCE(SUM(volume), 0) AS volume,
                  COALESCE(SUM(velocity_volume), 0) AS velocityVolume
           FROM ${table} WHERE community_id = ? AND start_ms BETWEEN ? AND ?`,
        ),
        points,
      };
    };
    this.statements = { hour: prepare('hour'), day: prepare('day') };
    this.pruneHours = db.prepare('DELETE FROM series_hours WHERE start_ms < ?');
  }

  add(bucket: SeriesBucket, communityId: string, startMs: number, change: BucketChange): void {
    const key = `${communityId}\u0000${startMs}`;
    const pending = this.pending[bucket].get(key);
    if (pending === undefined) {
      this.pending[bucket].set(key, { communityId, startMs, ...change, active: 0 });
      return;
    }
    pending.transfers += change.transfers;
    pending.volume += change.volume;
    pending.velocityVolume += change.velocityVolume;
    pending.supply = change.supply;
  }

  /** One more member active for the first time in this bucket (its row exists: the transfer made it). */
  addActive(bucket: SeriesBucket, communityId: string, startMs: number): void {
    const pending = this.pending[bucket].get(`${communityId}\u0000${startMs}`);
    if (pending === undefined) this.statements[bucket].addActive.run(communityId, startMs);
    else pending.active += 1;
  }

  flush(): void {
    for (const bucket of ['hour', 'day'] as const) {
      for (const pending of this.pending[bucket].values()) this.statements[bucket].add.run(pending);
      this.pending[bucket].clear();
    }
  }

  discard(): void {
    this.pending.hour.clear();
    this.pending.day.clear();
  }

  sum(bucket: SeriesBucket, communityId: string, fromMs: number, toMs: number): WindowSums {
    return this.statements[bucket].sum.get(communityId, fromMs, toMs) as WindowSums;
  }

  /** The newest `limit` buckets starting in [fromMs, toMs], oldest first. */
  points(
    bucket: SeriesBucket,
    metric: SeriesMetric,
    communityId: string,
    fromMs: number,
    toMs: number,
    limit: number,
  ): { startMs: number; value: number }[] {
    const rows = this.statements[bucket].points[metric].all(communityId, fromMs, toMs, limit) as {
      startMs: number;
      value: number;
    }[];
    return rows.reverse();
  }

  pruneHoursBefore(cutoffMs: number): void {
    this.pruneHours.run(cutoffMs);
  }
}
