import type { Database, Statement } from 'better-sqlite3';
import type { JournalPosition } from '../replication/journal.replicator';

/** The last journal group whose events JetStream acknowledged (table events_published, journaled). */
export class EventsCursorStore {
  private readonly select: Statement;
  private readonly update: Statement;

  constructor(db: Database) {
    this.select = db.prepare(
      'SELECT journal_group AS "group", stream_seq AS streamSeq FROM events_published WHERE id = 1',
    );
    this.update = db.prepare(
      `INSERT INTO events_published (id, journal_group, stream_seq) VALUES (1, @group, @streamSeq)
       ON CONFLICT (id) DO UPDATE SET journal_group = excluded.journal_group, stream_seq = excluded.stream_seq
       WHERE excluded.journal_group > events_published.journal_group`,
    );
  }

  /** Nothing published yet: the start of the journal. */
  read(): JournalPosition {
    return (this.select.get() as JournalPosition | undefined) ?? { group: 0, streamSeq: 0 };
  }

  /** Moves the cursor forward (never back: a late write from before a takeover changes nothing). */
  record(position: JournalPosition): void {
    this.update.run(position);
  }
}
