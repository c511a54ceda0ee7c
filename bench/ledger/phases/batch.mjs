// Phase 3: transfer.batch, closed loop for each batch size at each concurrency level.
import { closedLoop } from '../../lib/load.mjs';
import { commitWindow, cpuUsPerTransfer, drainEvents } from '../ledger-metrics.mjs';
import { batchSender, tallied } from './transfer-senders.mjs';

/** One row per batch size (BENCH_BATCH_SIZES) and concurrency (BENCH_BATCH_CONCURRENCY). */
export async function runBatchPhase(run) {
  const { cfg, log, httpPort, pids } = run;
  const rows = [];
  for (const size of cfg.batchSizes) {
    for (const concurrency of cfg.batchConcurrency) {
      log(`ledger transfer.batch of ${size}: concurrency ${concurrency}`);
      const commit = commitWindow(httpPort);
      const sender = tallied(batchSender(run, size), run.tally);
      const row = await closedLoop({
        concurrency,
        warmupMs: cfg.warmupMs,
        durationMs: cfg.durationMs,
        pids,
        send: sender.send,
        onWindow: commit.onWindow,
      });
      row.batchSize = size;
      row.ledgerCpuUsPerTransfer = cpuUsPerTransfer(row, row.unitsPerSec);
      row.commit = commit.result();
      sender.done();
      row.eventsDrain = await drainEvents(httpPort, cfg.eventsDrainTimeoutMs);
      rows.push(row);
    }
  }
  return rows;
}
