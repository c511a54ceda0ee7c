// Phase 7: a partition rebuilt from the replicated journal alone. The journal is topped up with batches to
// BENCH_REBUILD_ENTRIES entries, the ledger stopped, and a fresh one started on an empty data directory:
// the time to /readyz is the time to replay every journal message into a new SQLite file.
import { jetstreamManager } from '@nats-io/jetstream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stopTracked } from '../../lib/proc.mjs';
import { launchLedger } from '../ledger-process.mjs';
import { SUBJECTS } from '../settings.mjs';
import { batchSender, tallied } from './transfer-senders.mjs';

const JOURNAL_STREAM = 'LEDGER_JOURNAL';
const TOP_UP_BATCH_SIZE = 1_000;
const TOP_UP_CONCURRENCY = 4;
/** Replaying a large journal takes minutes; the bench waits this long for /readyz at most. */
const REBUILD_READY_TIMEOUT_MS = 1_800_000;
const VERIFY_TIMEOUT_MS = 600_000;

/** Writes batches until the journal holds `target` entries; answers how many transfers it wrote. */
async function topUp(run, entriesNow, target) {
  const sender = tallied(batchSender(run, TOP_UP_BATCH_SIZE), run.tally);
  let written = 0;
  let failedInARow = 0;
  await Promise.all(
    Array.from({ length: TOP_UP_CONCURRENCY }, async (_, index) => {
      while (entriesNow + written < target) {
        const { units } = await sender.send(index).catch(() => ({ units: 0 }));
        written += units;
        failedInARow = units === 0 ? failedInARow + 1 : 0;
        if (failedInARow > 100) throw new Error('the ledger stopped taking batches while topping up');
      }
    }),
  );
  sender.done();
  return written;
}

async function journalState(connection) {
  const jsm = await jetstreamManager(connection);
  const info = await jsm.streams.info(JOURNAL_STREAM);
  return { messages: info.state.messages, bytes: info.state.bytes };
}

/** Before the ledger stops: batches until the journal holds BENCH_REBUILD_ENTRIES; answers how many. */
export async function topUpJournal(run, entriesNow) {
  const target = run.cfg.rebuildEntries;
  if (entriesNow >= target) return 0;
  run.log(`rebuild: topping the journal up from ${entriesNow} to ${target} entries`);
  return await topUp(run, entriesNow, target);
}

/**
 * Once the ledger has stopped: a fresh one on an empty data directory until /readyz, then journal.verify
 * on it. Answers the rebuild's figures (or { error }).
 */
export async function rebuildFromJournal(run, entries, toppedUp) {
  const { cfg, log } = run;
  try {
    const journal = await journalState(run.connections[0]);
    log(`rebuild: a fresh ledger replays ${journal.messages} journal messages`);
    const fresh = await launchLedger({ ...run, cfg: { ...cfg, cpuProfDir: null } });
    try {
      const readyMs = await fresh.ready(REBUILD_READY_TIMEOUT_MS);
      const { maxRssKb } = fresh.rss.stop();
      const verifyStarted = performance.now();
      const verify = await run.client
        .call(SUBJECTS.verify, {}, VERIFY_TIMEOUT_MS)
        .then((report) => ({ ok: report.ok, entries: report.entries }))
        .catch((error) => ({
          ok: false,
          error: String(error.message ?? error),
          ledgerErrors: errorLines(join(run.logDir, 'ledger.log')),
        }));
      verify.ms = performance.now() - verifyStarted;
      return {
        entriesTarget: cfg.rebuildEntries,
        toppedUp,
        entries,
        journalMessages: journal.messages,
        journalBytes: journal.bytes,
        readyMs,
        entriesPerSec: (entries * 1000) / readyMs,
        maxRssKb,
        verify,
      };
    } finally {
      fresh.rss.stop();
      fresh.wal.stop();
      await stopTracked(fresh.proc);
    }
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

/** The ledger's last logged errors (pino level 50 and up), for a report that says why something failed. */
function errorLines(logPath, linesMax = 5) {
  try {
    return readFileSync(logPath, 'utf8')
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line))
      .slice(-linesMax)
      .map((line) => line.slice(0, 2_000));
  } catch {
    return [];
  }
}
