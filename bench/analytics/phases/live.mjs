// (d) Live lag: a real ledger takes a steady stream of transfer.create (open loop, BENCH_ANALYTICS_LIVE_RATE
// a second) while the caught-up analytics replica follows the stream.
//
// For each transfer answered ok in the measured window, commit-to-model time = modelAt - committedAt:
// - committedAt: when the bench received the ledger's ok reply. The ledger answers a write only once its
//   commit group is committed (the journal message appended), so the commit happened before this; the
//   figure leaves out at most the reply's trip back (well under a millisecond on one machine).
// - modelAt: the first time the bench saw analytics' stored position reach the stream sequence of that
//   transfer's transfer.posted event. The bench reads the position from the replica's SQLite file
//   (read-only, every BENCH_ANALYTICS_LIVE_POLL_MS) instead of asking status.get, so that the measuring does
//   not load the replica's event loop. The position commits in the same transaction as the models it
//   describes, so from that moment a query reads the transfer. Polling adds up to one interval.
// - The stream sequence of each transfer's event comes from the bench's own ordered consumer on
//   tk.evt.ledger.transfer.posted, which also gives when the event reached the stream's readers (streamAt),
//   splitting the time into the ledger's publishing (streamAt - committedAt) and analytics' following
//   (modelAt - streamAt).
// All times are performance.now() in the bench process: one clock.
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientErrorCode, openLoop, summarize } from '../../lib/load.mjs';
import { stopTracked } from '../../lib/proc.mjs';
import { makeClient, makeTransfers, startsOk } from '../../ledger/client.mjs';
import { launchLedger } from '../../ledger/ledger-process.mjs';
import { openAndFundAccounts } from '../../ledger/phases/setup.mjs';
import { SUBJECTS } from '../../ledger/settings.mjs';

const REQUEST_TIMEOUT_MS = 30_000;
const SETTLE_TIMEOUT_MS = 120_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The replica's applied position over time: (ms, appliedSeq) at each change, and the polls' gaps. */
function pollPosition(storePath, intervalMs) {
  const db = new Database(storePath, { readonly: true, fileMustExist: true });
  const select = db.prepare('SELECT applied_seq FROM analytics_position WHERE id = 1').pluck();
  const times = [];
  const seqs = [];
  const gaps = [];
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
    const seq = select.get();
    if (seqs.length === 0 || seq !== seqs[seqs.length - 1]) {
      times.push(now);
      seqs.push(seq);
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    get applied() {
      return seqs[seqs.length - 1];
    },
    /** When the position was first seen at or past seq, or null. */
    seenAt(seq) {
      let lo = 0;
      let hi = seqs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (seqs[mid] >= seq) hi = mid;
        else lo = mid + 1;
      }
      return lo < seqs.length ? times[lo] : null;
    },
    stop() {
      clearInterval(timer);
      db.close();
      return summarize(gaps);
    },
  };
}

/** The bench's own reader of transfer.posted: each transfer id's stream sequence and arrival time. */
async function followTransfers(nc, contracts) {
  const seen = new Map();
  const consumer = await jetstream(nc).consumers.get(contracts.EVENT_STREAM, {
    filter_subjects: contracts.LedgerEvents.transferPosted.type,
    deliver_policy: DeliverPolicy.New,
  });
  const messages = await consumer.consume({
    callback: (msg) => {
      const at = performance.now();
      const event = JSON.parse(decoder.decode(msg.data));
      seen.set(event.data.transfer.id, { seq: msg.seq, at });
    },
  });
  return { seen, stop: () => messages.stop() };
}

export async function runLive(ctx, analytics) {
  const { cfg, nc, nats, log, root, logDir, contracts, runId } = ctx;
  log(`live: a ledger at ${cfg.liveRate} transfers/s while analytics follows`);
  const ledgerMain = join(root, 'dist', 'services', 'ledger', 'main.js');
  const ledger = await launchLedger({
    cfg: { cpuProfDir: null, ledgerEnv: {} },
    nats,
    logDir,
    ledgerMain,
    root,
  });
  const follower = await followTransfers(nc, contracts);
  let position = null;
  try {
    await ledger.ready();
    const client = makeClient([nc], REQUEST_TIMEOUT_MS);
    const transfers = makeTransfers(cfg.liveAccounts, runId);
    await openAndFundAccounts({ cfg: { accounts: cfg.liveAccounts }, client, transfers, runId });
    position = pollPosition(analytics.storePath, cfg.livePollMs);

    const committed = new Map();
    const window = { from: Infinity, to: Infinity };
    const loop = await openLoop({
      rate: cfg.liveRate,
      warmupMs: cfg.liveWarmupMs,
      durationMs: cfg.liveDurationMs,
      pids: { analytics: analytics.proc.pid, ledger: ledger.proc.pid, nats: nats.pid },
      onWindow: (edge) => {
        if (edge === 'start') window.from = performance.now();
        else window.to = performance.now();
      },
      send: async () => {
        const body = transfers.transferObject();
        try {
          const reply = await nc.request(SUBJECTS.transfer, encoder.encode(JSON.stringify(body)), {
            timeout: REQUEST_TIMEOUT_MS,
          });
          if (!startsOk(reply.data)) {
            const error = JSON.parse(decoder.decode(reply.data)).error;
            return { units: 0, errors: [error?.code ?? 'UNKNOWN'] };
          }
          committed.set(body.id, performance.now());
          return { units: 1, errors: [] };
        } catch (error) {
          return { units: 0, errors: [clientErrorCode(error)] };
        }
      },
    });

    // Wait until every answered transfer's event is in the stream and in the model.
    const settleDeadline = performance.now() + SETTLE_TIMEOUT_MS;
    const settled = () => {
      let maxSeq = 0;
      for (const id of committed.keys()) {
        const seen = follower.seen.get(id);
        if (seen === undefined) return false;
        if (seen.seq > maxSeq) maxSeq = seen.seq;
      }
      return position.applied >= maxSeq;
    };
    while (!settled() && performance.now() < settleDeadline) await sleep(50);

    const total = [];
    const publish = [];
    const follow = [];
    let missing = 0;
    for (const [id, committedAt] of committed) {
      if (committedAt < window.from || committedAt >= window.to) continue;
      const seen = follower.seen.get(id);
      const modelAt = seen === undefined ? null : position.seenAt(seen.seq);
      if (modelAt === null) {
        missing += 1;
        continue;
      }
      total.push(modelAt - committedAt);
      publish.push(seen.at - committedAt);
      follow.push(modelAt - seen.at);
    }
    const pollGapsMs = position.stop();
    position = null;
    return {
      rate: cfg.liveRate,
      durationMs: cfg.liveDurationMs,
      ledgerAchievedRate: loop.achievedRate,
      ledgerOkRate: loop.okRate,
      ledgerReplyMs: loop.latencyMs,
      ledgerErrors: loop.errors,
      transfersMeasured: total.length,
      missing,
      commitToModelMs: summarize(total),
      commitToStreamMs: summarize(publish),
      streamToModelMs: summarize(follow),
      pollIntervalMs: cfg.livePollMs,
      pollGapsMs,
      cpuPercent: loop.cpuPercent,
      ledgerMaxRssKb: ledger.rss.maxRssKb,
    };
  } finally {
    position?.stop();
    follower.stop();
    ledger.rss.stop();
    ledger.wal.stop();
    await stopTracked(ledger.proc);
  }
}
