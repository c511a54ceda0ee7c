import { makeTempDir, removeDir } from '@ticketonomics/testing';
import Database from 'better-sqlite3';
import { PROCESSED_EVENTS_TABLE_SQL, ProcessedEventsStore } from './processed-events.store';

describe('ProcessedEventsStore.prune', () => {
  let dir: string;
  let db: Database.Database;
  let store: ProcessedEventsStore;
  const record = (eventId: string, consumer: string, processedAt: number): void => {
    db.prepare('INSERT INTO processed_events (event_id, consumer, processed_at) VALUES (?, ?, ?)').run(
      eventId,
      consumer,
      processedAt,
    );
  };
  const remaining = (): string[] =>
    (
      db.prepare('SELECT event_id AS id FROM processed_events ORDER BY event_id').all() as { id: string }[]
    ).map((row) => row.id);

  beforeEach(async () => {
    dir = await makeTempDir('processed-events-');
    db = new Database(`${dir}/processed.sqlite`);
    for (const sql of PROCESSED_EVENTS_TABLE_SQL) db.exec(sql);
    store = new ProcessedEventsStore(db);
  });

  afterEach(async () => {
    db.close();
    await removeDir(dir);
  });

  it("forgets only the consumer's records from before the time, at most `limit` a call", () => {
    record('a-old-1', 'a', 1);
    record('a-old-2', 'a', 2);
    record('a-new', 'a', 10);
    record('b-old', 'b', 1);

    expect(store.prune('a', 10, 1)).toBe(1);
    expect(store.prune('a', 10, 100)).toBe(1);
    expect(store.prune('a', 10, 100)).toBe(0);
    expect(remaining()).toEqual(['a-new', 'b-old']);
  });
});
