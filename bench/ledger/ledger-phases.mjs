// The ledger's part of the run: start it, open and fund the accounts, run the phases asked for
// (BENCH_PHASES), read its memory and verify its journal, stop it (and summarize its CPU profile).
import { fmt } from '../lib/report.mjs';
import { stopTracked } from '../lib/proc.mjs';
import { summarizeProfile } from '../profile-summary.mjs';
import { launchLedger, newestProfile } from './ledger-process.mjs';
import { drainEvents } from './ledger-metrics.mjs';
import { afterLoad } from './phases/after-load.mjs';
import { runBatchPhase } from './phases/batch.mjs';
import { runFixedPhase } from './phases/fixed.mjs';
import { rebuildFromJournal, topUpJournal } from './phases/rebuild.mjs';
import { openAndFundAccounts } from './phases/setup.mjs';
import { runSinglePhase } from './phases/single.mjs';

const STOP_GRACE_ON_FAILURE_MS = 5_000;
const PROFILE_TOP_FUNCTIONS = 25;

/** Fills results' ledger figures in place (the report's order follows the order they are set in). */
export async function runLedgerPhases(ctx, results) {
  const { cfg, log } = ctx;
  const launched = await launchLedger(ctx);
  let ledger = launched.proc;
  let { rss, wal } = launched;
  try {
    results.ledgerStartMs = await launched.ready();
    log(
      `ledger ready in ${fmt(results.ledgerStartMs)} ms (pid ${ledger.pid}${cfg.cpuProfDir ? ', --cpu-prof' : ''})`,
    );
    const run = {
      ...ctx,
      httpPort: launched.httpPort,
      pids: { ledger: ledger.pid, nats: ctx.nats.pid },
      tally: { transfersOk: 0 },
    };

    results.setup = await openAndFundAccounts(run);
    await drainEvents(run.httpPort, cfg.eventsDrainTimeoutMs);
    if (cfg.phases.has('single')) results.single = await runSinglePhase(run, results.echo);
    if (cfg.phases.has('batch')) results.batch = await runBatchPhase(run);
    if (cfg.phases.has('fixed')) results.fixed = await runFixedPhase(run);

    const after = await afterLoad(run, { proc: ledger, rss, wal });
    rss = null;
    wal = null;
    results.verify = after.verify;
    results.events = after.events;
    results.memory = after.memory;
    const rebuild = cfg.phases.has('rebuild');
    const toppedUp = rebuild ? await topUpJournal(run, results.verify.entries ?? 0) : 0;

    results.ledgerExit = await stopTracked(ledger);
    ledger = null;
    if (cfg.cpuProfDir) {
      const profile = newestProfile(cfg.cpuProfDir);
      results.cpuProfile = profile;
      if (profile) results.cpuProfileTop = summarizeProfile(profile, PROFILE_TOP_FUNCTIONS);
    }
    if (rebuild) {
      results.rebuild = await rebuildFromJournal(run, (results.verify.entries ?? 0) + toppedUp, toppedUp);
    }
  } finally {
    rss?.stop();
    wal?.stop();
    if (ledger) await stopTracked(ledger, STOP_GRACE_ON_FAILURE_MS);
  }
}
