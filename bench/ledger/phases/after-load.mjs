// Phases 5 and 6, after the load: the ledger's memory, its events published to JetStream, and journal.verify
// over everything the load wrote.
import { jetstreamManager } from '@nats-io/jetstream';
import { performance } from 'node:perf_hooks';
import { procStatusKb } from '../../lib/proc.mjs';
import { drainEvents } from '../ledger-metrics.mjs';
import { SUBJECTS } from '../settings.mjs';

const EVENT_STREAM = 'TICKETONOMICS';
/** journal.verify reads the whole journal: minutes on a long run. */
const VERIFY_TIMEOUT_MS = 600_000;

async function eventsAfterLoad(run) {
  const drained = await drainEvents(run.httpPort, run.cfg.eventsDrainTimeoutMs);
  const events = {
    unsentAtLoadEnd: drained.unsentAtStart,
    unsentAfterWait: drained.unsentAtEnd,
    drainMs: drained.ms,
  };
  try {
    const jsm = await jetstreamManager(run.connections[0]);
    const stream = await jsm.streams.info(EVENT_STREAM);
    events.streamMessages = stream.state.messages;
  } catch (error) {
    events.streamMessages = null;
    events.streamError = String(error);
  }
  return events;
}

async function verifyJournal(run) {
  run.log('journal.verify');
  const verifyStarted = performance.now();
  let verify;
  try {
    const report = await run.client.call(SUBJECTS.verify, {}, VERIFY_TIMEOUT_MS);
    verify = {
      ok: report.ok,
      entries: report.entries,
      chainBreaks: report.chainBreaks.length,
      balanceMismatches: report.balanceMismatches.length,
      sumByCommunity: report.sumByCommunity,
    };
  } catch (error) {
    verify = { ok: false, error: String(error.message ?? error) };
  }
  verify.ms = performance.now() - verifyStarted;
  verify.expectedEntries = run.cfg.accounts + run.tally.transfersOk; // the mints plus every transfer answered ok
  return verify;
}

/**
 * Answers { verify, events, memory }. Stops the RSS and WAL samplers: memory is read at the end of the load
 * and again after journal.verify.
 */
export async function afterLoad(run, { proc, rss, wal }) {
  const endOfLoad = procStatusKb(proc.pid);
  const rssAtLoadEnd = rss.maxRssKb;
  const events = await eventsAfterLoad(run);
  const verify = await verifyJournal(run);
  const final = procStatusKb(proc.pid);
  const sampled = rss.stop();
  const memory = {
    vmHwmKbAtLoadEnd: endOfLoad?.VmHWM ?? null,
    vmRssKbAtLoadEnd: endOfLoad?.VmRSS ?? null,
    maxSampledRssKbDuringLoad: rssAtLoadEnd,
    vmHwmKbFinal: final?.VmHWM ?? null,
    maxSampledRssKb: sampled.maxRssKb,
    samples: sampled.samples,
    sampleIntervalMs: sampled.intervalMs,
    maxSampledWalBytes: wal.stop(),
  };
  return { verify, events, memory };
}
