import { ledgerJournalSubjectOf } from '@ticketonomics/contracts';
import { ensureEventStream, type PublishRow } from '@ticketonomics/messaging';
import {
  RowChangeCapture,
  closeDataSource,
  openSqliteDataSource,
  rawDatabase,
} from '@ticketonomics/persistence';
import {
  makeTempDir,
  readStream,
  removeDir,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Database } from 'better-sqlite3';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { eventsJsonOf } from '../src/events/group-events.buffer';
import { JournalEventsPublisher } from '../src/events/journal-events.publisher';
import {
  JOURNAL_LOCAL_TABLES,
  JournalReplicator,
  type JournalPosition,
} from '../src/replication/journal.replicator';
import { LEDGER_MIGRATIONS } from '../src/store/ledger.migrations';

/**
 * The ledger's events published from its replicated journal, on a real nats-server as the ledger's own
 * NATS user: handed over in memory after each commit, read back from the journal when memory was full or
 * a group never came by (replayed after a failed append, a partition just taken over), always in group
 * order, each event once with its id as Nats-Msg-Id, from the position the books saved.
 */
describe('events published from the replicated journal', () => {
  const logger = pino({ level: 'silent' });
  let nats: NatsServerHarness;
  let nc: NatsConnection;
  /** Reads the events stream, which the ledger's user may only publish to. */
  let reader: NatsConnection;
  let dir: string;
  const sources: DataSource[] = [];
  let partitionCount = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await nats.connect('ledger');
    reader = await nats.connect('operator');
    await ensureEventStream(nc);
    dir = await makeTempDir('tk-journal-events-');
  }, 30_000);

  afterAll(async () => {
    for (const source of sources) await closeDataSource(source);
    await nc?.close();
    await reader?.close();
    await nats?.dispose();
    if (dir !== undefined) await removeDir(dir);
  });

  /** A fresh partition: its file, its journal, and a way to commit groups raising `events` ids. */
  async function partition() {
    partitionCount += 1;
    const label = `p${String(partitionCount).padStart(3, '0')}`;
    const dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: `${label}.sqlite`,
      migrations: LEDGER_MIGRATIONS,
    });
    sources.push(dataSource);
    const db: Database = rawDatabase(dataSource);
    const replicator = new JournalReplicator(nc, db, logger, {
      subject: ledgerJournalSubjectOf(label),
      replicas: 1,
    });
    await replicator.open();
    const capture = new RowChangeCapture(db, { skip: JOURNAL_LOCAL_TABLES });
    let accounts = 0;
    /** One committed group whose writes raised events with these ids; its position and events. */
    const commit = async (ids: string[]): Promise<{ position: JournalPosition; events: PublishRow[] }> => {
      const events = ids.map((id) => rowOf(`${label}-${id}`));
      db.exec('BEGIN IMMEDIATE');
      accounts += 1;
      db.exec(
        `INSERT INTO accounts (id, community_id, kind, owner_id, balance, created_at) VALUES ('${label}-a${accounts}', 'demo', 'user', 'a${accounts}', 0, 1)`,
      );
      const position = await replicator.append(
        capture.drain()!.json,
        events.length === 0 ? null : eventsJsonOf(events),
      );
      replicator.recordPosition(position);
      db.exec('COMMIT');
      return { position, events };
    };
    return { label, replicator, commit };
  }

  const rowOf = (id: string): PublishRow => ({
    eventId: id,
    subject: 'tk.evt.ledger.transfer.posted',
    payload: JSON.stringify({ specversion: '1.0', id, type: 'tk.evt.ledger.transfer.posted', data: {} }),
  });

  /** The ids of this partition's events in the stream, in stream order; fails on a repeated id. */
  async function published(label: string): Promise<string[]> {
    const events = (await readStream(reader)).filter((e) => e.event.id.startsWith(`${label}-`));
    for (const e of events) expect(e.msgId).toBe(e.event.id);
    return events.map((e) => e.event.id.slice(label.length + 1));
  }

  function publisherOf(
    replicator: JournalReplicator,
    start: JournalPosition,
    options: Partial<ConstructorParameters<typeof JournalEventsPublisher>[4]> = {},
  ) {
    const saved: JournalPosition[] = [];
    const publisher = new JournalEventsPublisher(nc, replicator, logger, start, {
      cursorSaveIntervalMs: 50,
      ...options,
    });
    publisher.start(async (position) => void saved.push(position));
    return { publisher, saved };
  }

  it('publishes the groups handed over in memory in order, once each, and saves how far it got', async () => {
    const { label, replicator, commit } = await partition();
    const { publisher, saved } = publisherOf(replicator, { group: 0, streamSeq: 0 });
    for (const ids of [['a', 'b'], [], ['c'], ['d', 'e', 'f']]) {
      const group = await commit(ids);
      publisher.enqueue(group.position, group.events);
    }
    await waitFor(() => publisher.lagGroups === 0 && saved.length > 0, { timeoutMs: 5_000 });
    await publisher.stop(1_000);
    expect(await published(label)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(publisher.position).toEqual(replicator.last);
    expect(saved[saved.length - 1]).toEqual(replicator.last);
    expect(publisher.publishedCount).toBe(6);
  });

  it('reads back from the journal what memory could not hold, and goes on from memory after', async () => {
    const { label, replicator, commit } = await partition();
    const { publisher } = publisherOf(
      replicator,
      { group: 0, streamSeq: 0 },
      { pendingEventsMax: 3, batchSize: 2 },
    );
    // Committed faster than JetStream acknowledged them: more than memory may keep.
    const groups = [];
    for (let n = 0; n < 6; n += 1) groups.push(await commit([`g${n}-1`, `g${n}-2`]));
    const reads = jest.spyOn(replicator, 'readGroups');
    for (const group of groups) publisher.enqueue(group.position, group.events);
    await waitFor(() => publisher.lagGroups === 0, { timeoutMs: 5_000 });
    expect(reads).toHaveBeenCalled();
    reads.mockClear();
    const later = await commit(['late']);
    publisher.enqueue(later.position, later.events);
    await waitFor(() => publisher.lagGroups === 0, { timeoutMs: 5_000 });
    expect(reads).not.toHaveBeenCalled();
    await publisher.stop(1_000);
    expect(await published(label)).toEqual([
      ...Array.from({ length: 6 }, (_, n) => [`g${n}-1`, `g${n}-2`]).flat(),
      'late',
    ]);
  });

  it('publishes a group that was never handed over (replayed from the journal) before the ones after it', async () => {
    const { label, replicator, commit } = await partition();
    const { publisher } = publisherOf(replicator, { group: 0, streamSeq: 0 });
    await commit(['lost-1']);
    await commit(['lost-2']);
    const third = await commit(['kept']);
    const reads = jest.spyOn(replicator, 'readGroups');
    publisher.enqueue(third.position, third.events);
    await waitFor(() => publisher.lagGroups === 0, { timeoutMs: 5_000 });
    await publisher.stop(1_000);
    expect(reads).toHaveBeenCalled();
    expect(await published(label)).toEqual(['lost-1', 'lost-2', 'kept']);
  });

  it('starts from the position the books saved: earlier groups are not published again', async () => {
    const { label, replicator, commit } = await partition();
    await commit(['before-1']);
    const saved = await commit(['before-2']);
    await commit(['after']);
    const { publisher } = publisherOf(replicator, saved.position);
    await waitFor(() => publisher.lagGroups === 0, { timeoutMs: 5_000 });
    await publisher.stop(1_000);
    expect(await published(label)).toEqual(['after']);
  });
});
