import type { Database, Statement } from 'better-sqlite3';

export const PROCESSED_EVENTS_TABLE_SQL = [
  `CREATE TABLE processed_events (
    event_id TEXT PRIMARY KEY,
    consumer TEXT NOT NULL,
    processed_at INTEGER NOT NULL
  )`,
];

/**
 * Remembers which events a consumer has applied, in the same transaction as their effect, so a
 * redelivered event is acknowledged without being applied twice.
 */
export class ProcessedEventsStore {
  private readonly exists: Statement;
  private readonly insert: Statement;
  private readonly deleteOld: Statement;

  constructor(private readonly db: Database) {
    this.exists = db.prepare('SELECT 1 FROM processed_events WHERE event_id = ?');
    this.insert = db.prepare(
      'INSERT INTO processed_events (event_id, consumer, processed_at) VALUES (?, ?, ?)',
    );
    this.deleteOld = db.prepare(
      `DELETE FROM processed_events WHERE event_id IN (SELECT event_id FROM processed_events
        WHERE consumer = ? AND processed_at < ? LIMIT ?)`,
    );
  }

  /** Run `apply` in a transaction unless the event was applied before; returns whether it ran. */
  applyOnce(consumer: string, eventId: string, apply: () => void): boolean {
    return this.db.transaction(() => {
      if (this.exists.get(eventId) !== undefined) return false;
      apply();
      this.insert.run(eventId, consumer, Date.now());
      return true;
    })();
  }

  /** Forget a consumer's records from before `beforeMs`, at most `limit`; returns how many went. */
  prune(consumer: string, beforeMs: number, limit: number): number {
    return this.deleteOld.run(consumer, beforeMs, limit).changes;
  }
}
