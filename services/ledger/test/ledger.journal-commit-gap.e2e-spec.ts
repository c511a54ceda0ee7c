import {
  JOURNAL_ENCODING_HEADER,
  LEDGER_JOURNAL_STREAM,
  ledgerJournalSubjectOf,
} from '@ticketonomics/contracts';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeGroup } from '../src/replication/journal.replicator';
import { LEDGER_DB_FILE } from '../src/store/ledger.migrations';
import {
  expectBooksMatch,
  payUnderLoad,
  seedMembers,
  sleep,
  startOneDiskLedger,
  type LedgerProcess,
  type OneDiskLedger,
} from './support/faults.support';

/**
 * A ledger killed after a group reached the replicated journal and before its SQLite COMMIT: the group is
 * durable (it is in JetStream) but the file does not hold it, and none of its writes was answered. No test
 * hook is needed to land there: under load the ledger spends much of its time waiting for JetStream's
 * acknowledgement with the group's transaction open, so the test pauses it (SIGSTOP) at random moments and
 * compares the journal's head with the file's checkpoint; once the journal is ahead, it kills the process.
 * The restart must replay that group into the file, the callers' retries (same ids) must be answered with
 * it, and nothing may be applied twice.
 */
const COMMUNITIES = ['gap-a', 'gap-b'];
const MEMBERS = 4;
const INITIAL = 100_000;
const CLIENTS = 16;
/** The load runs until the restarted ledger has served a while, never longer than this. */
const LOAD_MS_MAX = 60_000;
const LOAD_AFTER_RESTART_MS = 2_000;
const RETRY_FOR_MS = 30_000;
/**
 * How long the ledger is paused at random moments before giving up on landing in the window; after a
 * restart the callers first wait out their timeouts on the killed process, so this spans more than one.
 */
const PAUSING_FOR_MS_MAX = 20_000;
const STOP_WAIT_MS = 5_000;
/** Kills tried before giving up (a kill landing inside COMMIT leaves nothing to catch up). */
const LIVES_MAX = 5;
const SUBJECT = ledgerJournalSubjectOf('p000');

/**
 * SIGSTOP takes effect once each thread leaves the kernel: a COMMIT inside fsync still completes. Every
 * thread must show state T before the file is read, or a commit could land after the look.
 */
async function untilStopped(pid: number): Promise<void> {
  const stopped = () =>
    readdirSync(`/proc/${pid}/task`).every((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return /^[tT]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
    });
  const deadline = Date.now() + STOP_WAIT_MS;
  while (!stopped()) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} not stopped ${STOP_WAIT_MS} ms after SIGSTOP`);
    await sleep(1);
  }
}

describe('a ledger killed between its replicated write and its SQLite commit', () => {
  let disk: OneDiskLedger;
  let jsm: JetStreamManager;

  const journalHead = async (): Promise<number> =>
    (await jsm.streams.getMessage(LEDGER_JOURNAL_STREAM, { last_by_subj: SUBJECT }))!.seq;
  /** The journal position recorded by the last group committed in the file at `dir`. */
  const checkpointIn = (dir: string): number => {
    const db = new Database(join(dir, LEDGER_DB_FILE), { timeout: 5_000 });
    try {
      return (
        db.prepare('SELECT stream_seq AS seq FROM journal_checkpoint WHERE id = 1').get() as { seq: number }
      ).seq;
    } finally {
      db.close();
    }
  };
  /**
   * The checkpoint as a crash now would leave it. A paused ledger may be inside COMMIT, its WAL frames
   * written but not yet visible to readers; SQLite's recovery after a crash counts them. A copy of the
   * file and its WAL, opened without the shared index, goes through that same recovery.
   */
  const durableCheckpoint = async (): Promise<number> => {
    const copy = await makeTempDir('tk-ledger-gap-copy-');
    try {
      for (const suffix of ['', '-wal']) {
        await copyFile(join(disk.dataDir, LEDGER_DB_FILE + suffix), join(copy, LEDGER_DB_FILE + suffix));
      }
      return checkpointIn(copy);
    } finally {
      await removeDir(copy);
    }
  };
  /** Ids of the transfers the journal's messages after `afterSeq` (up to `toSeq`) insert. */
  const transfersInJournal = async (afterSeq: number, toSeq: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let seq = afterSeq + 1; seq <= toSeq; seq += 1) {
      const message = await jsm.streams.getMessage(LEDGER_JOURNAL_STREAM, { seq });
      if (message === null || message.subject !== SUBJECT) continue;
      const group = decodeGroup(message.data, message.header?.get(JOURNAL_ENCODING_HEADER));
      for (const change of group.changes) {
        if (change.t === 'transfers' && change.o === 'u') ids.push(String(change.r.id));
      }
    }
    return ids;
  };

  /**
   * Pauses the ledger at random moments until the journal holds a group of payments (not, say, the relay
   * marking events sent) that the file's last commit does not: written to JetStream, not yet committed or
   * answered. Leaves it paused there.
   */
  const pauseUntilJournalAhead = async (
    ledger: LedgerProcess,
  ): Promise<{ journalSeq: number; pauses: number }> => {
    const pid = ledger.proc.pid!;
    const deadline = Date.now() + PAUSING_FOR_MS_MAX;
    for (let pauses = 1; Date.now() < deadline; pauses += 1) {
      await sleep(5 + Math.floor(Math.random() * 20));
      process.kill(pid, 'SIGSTOP');
      await untilStopped(pid);
      const fileSeq = await durableCheckpoint();
      const journalSeq = await journalHead();
      if (journalSeq > fileSeq && (await transfersInJournal(fileSeq, journalSeq)).length > 0) {
        return { journalSeq, pauses };
      }
      process.kill(pid, 'SIGCONT');
    }
    throw new Error(`the journal was never ahead of the file in ${PAUSING_FOR_MS_MAX} ms of pauses`);
  };

  beforeAll(async () => {
    disk = await startOneDiskLedger('tk-ledger-gap');
    jsm = await jetstreamManager(disk.nc);
  }, 60_000);

  afterAll(async () => {
    await disk?.dispose();
  });

  it('catches the file up from the journal on restart and answers the retried writes once', async () => {
    const first = await disk.spawn('first');
    const members = await seedMembers(disk.client, COMMUNITIES, MEMBERS, INITIAL);
    const loadStop = new AbortController();
    const load = payUnderLoad({
      client: disk.client,
      members,
      clients: CLIENTS,
      durationMs: LOAD_MS_MAX,
      stop: loadStop.signal,
      idPrefix: 'gap',
      retryForMs: RETRY_FOR_MS,
    });

    // Paused where the journal is ahead of the file, then killed. A pause can also land inside COMMIT,
    // after its WAL frames were written and before readers can see them; the kill then leaves a commit
    // that SQLite's recovery finds: not the window looked for, so the ledger is restarted and tried again.
    let ledger = first;
    let gap: { fileSeq: number; journalSeq: number; replicatedOnly: string[] } | null = null;
    let pauses = 0;
    let lives = 0;
    while (gap === null) {
      lives += 1;
      if (lives > LIVES_MAX)
        throw new Error(`no kill landed between journal and commit in ${lives - 1} tries`);
      await sleep(500);
      const seen = await pauseUntilJournalAhead(ledger);
      pauses += seen.pauses;
      await ledger.proc.kill('SIGKILL');
      const fileSeq = checkpointIn(disk.dataDir);
      if (fileSeq < seen.journalSeq) {
        gap = {
          fileSeq,
          journalSeq: seen.journalSeq,
          replicatedOnly: await transfersInJournal(fileSeq, seen.journalSeq),
        };
      } else {
        ledger = await disk.spawn(`life-${lives}`);
      }
    }
    const { journalSeq, replicatedOnly } = gap;
    expect(replicatedOnly.length).toBeGreaterThan(0);

    await disk.spawn('restarted');
    // The restart replayed the missing group before serving: the file holds it now.
    expect(checkpointIn(disk.dataDir)).toBeGreaterThanOrEqual(journalSeq);
    await sleep(LOAD_AFTER_RESTART_MS);
    loadStop.abort();
    const { acknowledged, refused } = await load;

    expect(refused).toEqual([]);
    // The callers retried the unanswered writes with their ids and were answered with what the journal held.
    const acknowledgedIds = new Set(acknowledged.map((payment) => payment.id));
    expect(replicatedOnly.filter((id) => !acknowledgedIds.has(id))).toEqual([]);
    await expectBooksMatch(disk.client, acknowledged, members, INITIAL);
    process.stdout.write(
      `ledger killed between journal and commit after ${pauses} pause(s), ${lives} kill(s): ${replicatedOnly.length} replicated-only transfers replayed on restart, ${acknowledged.length} payments in all\n`,
    );
  }, 120_000);
});
