// Phase 2: transfer.create, one transfer per request, closed loop at each concurrency level.
import { closedLoop } from '../../lib/load.mjs';
import { commitWindow, cpuUsPerTransfer, drainEvents } from '../ledger-metrics.mjs';
import { singleSender, tallied } from './transfer-senders.mjs';

/** One row per concurrency level (BENCH_CONCURRENCY), each set against the echo row of the same level. */
export async function runSinglePhase(run, echoRows) {
  const { cfg, log, httpPort, pids } = run;
  const rows = [];
  for (const concurrency of cfg.concurrency) {
    log(`ledger transfer.create: concurrency ${concurrency}`);
    const commit = commitWindow(httpPort);
    const sender = tallied(singleSender(run), run.tally);
    const row = await closedLoop({
      concurrency,
      warmupMs: cfg.warmupMs,
      durationMs: cfg.durationMs,
      pids,
      send: sender.send,
      onWindow: commit.onWindow,
    });
    row.commit = commit.result();
    const echo = echoRows.find((echoRow) => echoRow.concurrency === concurrency);
    row.vsEcho = echo ? row.requestsPerSec / echo.requestsPerSec : null;
    row.ledgerCpuUsPerTransfer = cpuUsPerTransfer(row, row.unitsPerSec);
    sender.done();
    row.eventsDrain = await drainEvents(httpPort, cfg.eventsDrainTimeoutMs);
    rows.push(row);
  }
  return rows;
}
