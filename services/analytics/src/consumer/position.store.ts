import type { Database, Statement } from 'better-sqlite3';

export interface Position {
  appliedSeq: number;
  eventsApplied: number;
  eventsMalformed: number;
  /** Newest event time seen (ms): what the kept hourly window is counted back from. */
  newestEventMs: number;
  rebuildStartedMs: number | null;
  rebuildTargetSeq: number | null;
}

/** The replica's place in the stream, written in the same transaction as the models it describes. */
export class PositionStore {
  private readonly select: Statement;
  private readonly update: Statement;
  private readonly resetOne: Statement;

  constructor(db: Database) {
    this.select = db.prepare(
      `SELECT applied_seq AS appliedSeq, events_applied AS eventsApplied, events_malformed AS eventsMalformed,
              newest_event_ms AS newestEventMs, rebuild_started_ms AS rebuildStartedMs,
              rebuild_target_seq AS rebuildTargetSeq
       FROM analytics_position WHERE id = 1`,
    );
    this.update = db.prepare(
      `UPDATE analytics_position SET applied_seq = @appliedSeq, events_applied = @eventsApplied,
         events_malformed = @eventsMalformed, newest_event_ms = @newestEventMs WHERE id = 1`,
    );
    this.resetOne = db.prepare(
      `UPDATE analytics_position SET applied_seq = 0, events_applied = 0, events_malformed = 0,
         newest_event_ms = 0, rebuild_started_ms = ?, rebuild_target_seq = ? WHERE id = 1`,
    );
  }

  get(): Position {
    return this.select.get() as Position;
  }

  save(position: Pick<Position, 'appliedSeq' | 'eventsApplied' | 'eventsMalformed' | 'newestEventMs'>): void {
    this.update.run(position);
  }

  /** Back to before the first event, remembering the rebuild that did it. */
  reset(rebuildStartedMs: number, rebuildTargetSeq: number): void {
    this.resetOne.run(rebuildStartedMs, rebuildTargetSeq);
  }
}
