import type { Database, Statement } from 'better-sqlite3';
import type { CloudEvent } from '@ticketonomics/contracts';

/** The outbox table; each service's first migration creates it with its own state tables. */
export const OUTBOX_TABLE_SQL = [
  `CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
  )`,
  `CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL`,
];

export interface OutboxRow {
  seq: number;
  eventId: string;
  subject: string;
  payload: string;
}

/**
 * Events written in the same SQLite transaction as the state change they describe. enqueue() must be
 * called inside that transaction; the relay reads what is unsent and marks it after JetStream's ack.
 */
export class OutboxStore {
  private readonly insert: Statement;
  private readonly selectUnsent: Statement;
  private readonly updateSent: Statement;
  private readonly updateSentRange: Statement;
  private readonly deleteSent: Statement;
  private readonly countUnsent: Statement;
  private readonly selectAny: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      'INSERT INTO outbox (event_id, subject, payload, created_at) VALUES (?, ?, ?, ?)',
    );
    this.selectUnsent = db.prepare(
      'SELECT seq, event_id AS eventId, subject, payload FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ?',
    );
    this.updateSent = db.prepare('UPDATE outbox SET sent_at = ? WHERE seq = ?');
    this.updateSentRange = db.prepare(
      'UPDATE outbox SET sent_at = ? WHERE seq BETWEEN ? AND ? AND sent_at IS NULL',
    );
    this.deleteSent = db.prepare(
      'DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ? LIMIT ?)',
    );
    this.countUnsent = db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL');
    this.selectAny = db.prepare('SELECT 1 FROM outbox LIMIT 1');
  }

  /** True when the table holds no row at all, sent or not. */
  isEmpty(): boolean {
    return this.selectAny.get() === undefined;
  }

  enqueue(event: CloudEvent): void {
    this.insert.run(event.id, event.type, JSON.stringify(event), Date.now());
  }

  unsent(limit: number): OutboxRow[] {
    return this.selectUnsent.all(limit) as OutboxRow[];
  }

  /** Mark rows acknowledged; in a transaction of the caller's, or as one statement per row when alone. */
  markSent(seqs: readonly number[], at: number = Date.now()): void {
    if (seqs.length === 0) return;
    const first = seqs[0]!;
    const last = seqs[seqs.length - 1]!;
    if (last - first + 1 === seqs.length) {
      this.updateSentRange.run(at, first, last);
      return;
    }
    for (const seq of seqs) this.updateSent.run(at, seq);
  }

  /** Delete rows acknowledged before `before`, at most `limit` of them; returns how many went. */
  pruneSent(before: number, limit: number): number {
    return this.deleteSent.run(before, limit).changes;
  }

  unsentCount(): number {
    return (this.countUnsent.get() as { n: number }).n;
  }
}
