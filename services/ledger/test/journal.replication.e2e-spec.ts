import {
  JOURNAL_ENCODING_HEADER,
  LEDGER_JOURNAL_STREAM,
  ledgerJournalSubjectOf,
} from '@ticketonomics/contracts';
import {
  RowChangeCapture,
  closeDataSource,
  openSqliteDataSource,
  rawDatabase,
} from '@ticketonomics/persistence';
import { makeTempDir, removeDir, startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Database } from 'better-sqlite3';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import {
  JOURNAL_LOCAL_TABLES,
  JournalFenceError,
  JournalReplicator,
} from '../src/replication/journal.replicator';
import { LEDGER_MIGRATIONS } from '../src/store/ledger.migrations';

/**
 * A partition's replicated journal on a real nats-server, as the ledger's own NATS user: groups appended
 * from one SQLite file replay onto a fresh one (another machine's), a file with data from before its
 * journal appends a baseline first, a restarted file replays only the groups it lacks, and the broker
 * refuses an append from a replica that is no longer the last writer.
 */
describe('the ledger journal replicated through JetStream', () => {
  const logger = pino({ level: 'silent' });
  let nats: NatsServerHarness;
  let nc: NatsConnection;
  let dir: string;
  const sources: DataSource[] = [];

  const openFile = async (name: string): Promise<Database> => {
    const dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: name,
      migrations: LEDGER_MIGRATIONS,
    });
    sources.push(dataSource);
    return rawDatabase(dataSource);
  };
  const replicatorOf = (db: Database, partition: string) =>
    new JournalReplicator(nc, db, logger, { subject: ledgerJournalSubjectOf(partition), replicas: 1 });

  /** A commit group as the ledger makes one: changes caught, appended, then committed with the position. */
  const commitGroup = async (
    db: Database,
    capture: RowChangeCapture,
    replicator: JournalReplicator,
    sql: string[],
  ) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const statement of sql) db.exec(statement);
      const drained = capture.drain();
      if (drained === null) throw new Error('nothing changed');
      replicator.recordPosition(await replicator.append(drained.json));
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };
  const account = (id: string, balance: number) =>
    `INSERT INTO accounts (id, community_id, kind, owner_id, balance, created_at) VALUES ('${id}', 'demo', 'user', '${id}', ${balance}, 1)`;
  const state = (db: Database) =>
    Object.fromEntries(
      ['accounts', 'policies', 'members', 'journal_checkpoint'].map((table) => [
        table,
        db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all(),
      ]),
    );

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await nats.connect('ledger');
    dir = await makeTempDir('tk-journal-');
  }, 30_000);

  afterAll(async () => {
    for (const source of sources) await closeDataSource(source);
    await nc?.close();
    await nats?.dispose();
    if (dir !== undefined) await removeDir(dir);
  });

  it('replays the groups one file appended onto a fresh file, and only the missing ones after a restart', async () => {
    const first = await openFile('p000-first.sqlite');
    const writer = replicatorOf(first, 'p000');
    expect(await writer.open()).toEqual({ replayed: 0, baseline: 0 });
    const capture = new RowChangeCapture(first, { skip: JOURNAL_LOCAL_TABLES });
    await commitGroup(first, capture, writer, [account('alice', 100), account('bob', 0)]);
    await commitGroup(first, capture, writer, [
      "UPDATE accounts SET balance = balance - 30 WHERE id = 'alice'",
      "UPDATE accounts SET balance = balance + 30 WHERE id = 'bob'",
    ]);
    expect(writer.last).toMatchObject({ group: 2 });

    // Another machine: no file at all, only the journal.
    const second = await openFile('p000-second.sqlite');
    expect(await replicatorOf(second, 'p000').open()).toEqual({ replayed: 2, baseline: 0 });
    expect(state(second)).toEqual(state(first));

    await commitGroup(first, capture, writer, ["UPDATE accounts SET frozen = 1 WHERE id = 'bob'"]);
    const reopened = replicatorOf(second, 'p000');
    expect(await reopened.open()).toEqual({ replayed: 1, baseline: 0 });
    expect(state(second)).toEqual(state(first));
    expect(second.prepare("SELECT frozen FROM accounts WHERE id = 'bob'").get()).toEqual({ frozen: 1 });
  });

  it('refuses, in the broker, an append from the replica that is no longer the last writer', async () => {
    const stale = await openFile('p001-stale.sqlite');
    const staleWriter = replicatorOf(stale, 'p001');
    await staleWriter.open();
    const staleCapture = new RowChangeCapture(stale, { skip: JOURNAL_LOCAL_TABLES });
    await commitGroup(stale, staleCapture, staleWriter, [account('carol', 10)]);

    // The partition moves: the new owner catches up and appends.
    const owner = await openFile('p001-owner.sqlite');
    const ownerWriter = replicatorOf(owner, 'p001');
    expect(await ownerWriter.open()).toEqual({ replayed: 1, baseline: 0 });
    const ownerCapture = new RowChangeCapture(owner, { skip: JOURNAL_LOCAL_TABLES });
    await commitGroup(owner, ownerCapture, ownerWriter, [
      "UPDATE accounts SET balance = 11 WHERE id = 'carol'",
    ]);

    // The old owner, unaware, tries its next group: refused, and its file keeps nothing of it.
    await expect(
      commitGroup(stale, staleCapture, staleWriter, ["UPDATE accounts SET balance = 999 WHERE id = 'carol'"]),
    ).rejects.toBeInstanceOf(JournalFenceError);
    expect(stale.prepare("SELECT balance FROM accounts WHERE id = 'carol'").get()).toEqual({ balance: 10 });
    const info = await (
      await jetstreamManager(nc)
    ).streams.info(LEDGER_JOURNAL_STREAM, {
      subjects_filter: ledgerJournalSubjectOf('p001'),
    });
    expect(info.state.subjects).toEqual({ [ledgerJournalSubjectOf('p001')]: 2 });
    // Its file cannot be ahead of the journal, so reopening it simply catches up.
    expect(await replicatorOf(stale, 'p001').open()).toEqual({ replayed: 1, baseline: 0 });
    expect(state(stale)).toEqual(state(owner));
  });

  it('appends the baseline of a file that had data before its journal, then replays it elsewhere', async () => {
    const old = await openFile('p002-old.sqlite');
    for (let n = 0; n < 25; n += 1) old.exec(account(`member-${String(n).padStart(2, '0')}`, n));
    const writer = new JournalReplicator(nc, old, logger, {
      subject: ledgerJournalSubjectOf('p002'),
      replicas: 1,
      baselineRowsMax: 10,
    });
    expect(await writer.open()).toEqual({ replayed: 0, baseline: 3 });
    const copy = await openFile('p002-copy.sqlite');
    expect(await replicatorOf(copy, 'p002').open()).toEqual({ replayed: 3, baseline: 0 });
    expect(state(copy)).toEqual(state(old));
  });

  it('compresses a large group (two thousand rows, more than a megabyte as JSON) and replays it', async () => {
    const big = await openFile('p004-big.sqlite');
    const writer = replicatorOf(big, 'p004');
    await writer.open();
    const capture = new RowChangeCapture(big, { skip: JOURNAL_LOCAL_TABLES });
    const rows = Array.from({ length: 2_000 }, (_, n) =>
      account(`big-${String(n).padStart(4, '0')}-${'x'.repeat(400)}`, n),
    );
    await commitGroup(big, capture, writer, rows);
    const stored = await (
      await jetstreamManager(nc)
    ).streams.getMessage(LEDGER_JOURNAL_STREAM, {
      last_by_subj: ledgerJournalSubjectOf('p004'),
    });
    expect(stored?.header?.get(JOURNAL_ENCODING_HEADER)).toBe('deflate-raw');
    expect(stored!.data.length).toBeLessThan(nc.info!.max_payload);
    const copy = await openFile('p004-copy.sqlite');
    expect(await replicatorOf(copy, 'p004').open()).toEqual({ replayed: 1, baseline: 0 });
    expect(state(copy)).toEqual(state(big));
  });

  it('refuses a file that holds groups its journal lacks', async () => {
    const stray = await openFile('p003-stray.sqlite');
    stray.exec('UPDATE journal_checkpoint SET journal_group = 5, stream_seq = 9');
    await expect(replicatorOf(stray, 'p003').open()).rejects.toThrow(/holds group 5, the journal none/);
  });
});
