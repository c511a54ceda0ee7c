// Phase 4: transfer.create at a fixed rate, open loop: latency counts from the scheduled send time, so a
// slow ledger cannot hide behind fewer requests.
import { openLoop } from '../../lib/load.mjs';
import { commitWindow, cpuUsPerTransfer, drainEvents } from '../ledger-metrics.mjs';
import { singleSender, tallied } from './transfer-senders.mjs';

/** One row at BENCH_FIXED_RATE requests/s. */
export async function runFixedPhase(run) {
  const { cfg, log, httpPort, pids } = run;
  log(`ledger transfer.create at a fixed ${cfg.fixedRate}/s (open loop)`);
  const commit = commitWindow(httpPort);
  const sender = tallied(singleSender(run), run.tally);
  const row = await openLoop({
    rate: cfg.fixedRate,
    warmupMs: cfg.warmupMs,
    durationMs: cfg.durationMs,
    pids,
    send: sender.send,
    onWindow: commit.onWindow,
  });
  row.commit = commit.result();
  row.ledgerCpuUsPerTransfer = cpuUsPerTransfer(row, row.okRate);
  sender.done();
  row.eventsDrain = await drainEvents(httpPort, cfg.eventsDrainTimeoutMs);
  return row;
}
